-- The ask form's suggestions as people type (GET /api/v1/asks/suggestions): each question arrives as the prefixes a
-- debounced text box sends, in English and Dutch. Each request is the library's search (words and meaning, without
-- recording a search) plus the answered asks that share words with the question.
local questions = {
  "how do I cut a video for Instagram", "pivot table per month in excel", "how to report a data breach",
  "angry customer on the phone what now", "hoe maak ik een draaitabel per maand", "datalek melden bij wie",
  "vergaderingen korter maken met een vaste agenda", "klantgesprek voorbereiden voor een lastige klant",
}
local typed = {}
for _, q in ipairs(questions) do
  local words = {}
  for word in q:gmatch("%S+") do
    words[#words + 1] = word
    if #words >= 2 then typed[#typed + 1] = table.concat(words, "%20") end
  end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/asks/suggestions?q=" .. typed[(i % #typed) + 1])
end
