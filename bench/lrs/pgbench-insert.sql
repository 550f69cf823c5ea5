-- The baseline for the LRS write scenarios: one row into a table shaped like lrs_statements (uuid key,
-- stored time, verb, a jsonb document of a typical statement's size, the same two ordered indexes),
-- one transaction per row, as a well-tuned application would insert it.
\set verb random(1, 12)
\set actor random(1, 100000)
INSERT INTO bench_statements (id, stored, verb_id, actor_id, document) VALUES (gen_random_uuid(), clock_timestamp(), :verb, :actor,
'{"id":"00000000-0000-4000-8000-000000000000","actor":{"objectType":"Agent","name":"Bench learner","account":{"homePage":"https://guild.noordwind.example/","name":"0193a5f2-1c2d-7e3f-8a4b-5c6d7e8f9a0b"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced","display":{"en":"experienced"}},"object":{"objectType":"Activity","id":"https://guild.noordwind.example/resources/bench-1","definition":{"type":"http://id.tincanapi.com/activitytype/resource","name":{"en":"Resource 1"}}},"context":{"platform":"bench"},"timestamp":"2026-11-26T12:00:00.000Z","stored":"2026-11-26T12:00:00.100Z","authority":{"objectType":"Agent","account":{"homePage":"https://guild.noordwind.example/","name":"lrs-client/bench"}},"version":"1.0.0"}');
