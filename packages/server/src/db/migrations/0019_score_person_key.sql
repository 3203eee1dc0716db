ALTER TABLE "person_scores" DROP CONSTRAINT "person_scores_person_id_people_id_fk";
