DROP TABLE IF EXISTS bench_statements;
CREATE TABLE bench_statements (id uuid PRIMARY KEY, stored timestamptz NOT NULL, verb_id bigint NOT NULL, actor_id bigint NOT NULL, document jsonb NOT NULL);
CREATE INDEX ON bench_statements (stored, id);
CREATE INDEX ON bench_statements (verb_id, stored, id);
