-- The search scenario: questions in English and Dutch, in turn, against GET /api/v1/search (each one a real search:
-- full text, the question's embedding, fusion, one recorded search row and its click-window job).
local questions = {
  "how do I cut a video for Instagram", "pivot table per month", "report a data breach", "my first week",
  "angry customer on the phone", "presentation nerves", "project kick-off", "phishing email",
  "hoe maak ik een draaitabel", "datalek melden", "vergaderingen korter maken", "klantgesprek voorbereiden",
  "video monteren", "wachtwoord vergeten", "excel formules", "privacy klantgegevens",
}
local i = 0
request = function()
  i = i + 1
  local q = questions[(i % #questions) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/search?q=" .. q)
end
