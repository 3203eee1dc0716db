import type { Locale } from "@tasuki/contracts";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLocale } from "../api/client.ts";
import en from "./en.json";
import ja from "./ja.json";

/** English must have every key Japanese has; this line fails the type check otherwise. */
const english: typeof ja = en;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof ja };
  }
}

const STORAGE_KEY = "tasuki.locale";

/** Before sign-in we only know this browser's last choice; after it, the user's saved language wins. */
function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

const initial = storedLocale();
setApiLocale(initial);
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: english } },
  lng: initial,
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
});

/** Switches the UI, API error messages and the page language together. */
export async function applyLocale(locale: Locale): Promise<void> {
  setApiLocale(locale);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be off (private mode); the server still remembers the user's choice.
  }
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export { i18n };
