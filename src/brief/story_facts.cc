// Story-level facts: each article's facts merged across the story, with the
// articles that state each one.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "brief/story_facts.h"

namespace storyline::brief {
namespace {

// A timeline entry tells at most this many words of the sentence that dates
// it (as many as a shared passage shows).
constexpr size_t kTimelineWords = 60;

// The value under which a story files a resolved calendar date or time
// ("2023-03-17", "2023-03-20/2023-03-22"), "" for a duration, a set or a
// date not resolved ("XXXX-03-17").
std::string ResolvedDateKey(const facts::TimeExpression& d) {
  if (d.type != "DATE" && d.type != "TIME") return "";
  std::string key = d.start.empty() ? d.value : d.start + "/" + d.end;
  return key.find('X') == std::string::npos ? key : "";
}

// Story facts most widely stated first (with stable_sort: ties keep story order).
constexpr auto MoreSourcesFirst = [](const auto& a, const auto& b) { return a.sources.size() > b.sources.size(); };

void AddSource(std::vector<std::string>& sources, const std::string& id) {
  if (std::find(sources.begin(), sources.end(), id) == sources.end()) sources.push_back(id);
}

// Whether a quotation is something someone said: the words of a direct or
// partial quote, or reported speech brought by a verb of saying ("said
// that", "according to", "warned"). The facts stage also reports beliefs
// and other attributions PolNeAR counts ("is expected to", "sent a
// helicopter", "is known as"), which a reader of a story's quotes would
// not take for anyone's words.
bool IsSpeech(std::string_view text, const facts::Quote& q) {
  if (q.kind != facts::Quote::Kind::kIndirect) return true;
  thread_local text::Stemmer stemmer("en");
  static const std::set<std::string> kSaying = [] {
    text::Stemmer st("en");
    std::set<std::string> stems;
    // Verbs of saying, base forms (and the irregular pasts). Not "recall":
    // in news it is mostly a product recall ("is recalling 410,000 air
    // fryers"), which the facts stage's cue list takes for speech.
    for (std::string_view w :
         {"accuse",   "acknowledge", "add",      "advise",   "agree",    "allege",    "announce", "argue",     "ask",
          "assert",   "assure",      "blame",    "boast",    "brief",    "call",      "caution",  "cite",      "claim",
          "comment",  "complain",    "concede",  "conclude", "concur",   "condemn",   "confirm",  "contend",   "counter",
          "criticise", "criticize",  "declare",  "decline",  "demand",   "denounce",  "deny",     "describe",  "disagree",
          "disclose", "dismiss",     "emphasise", "emphasize", "estimate", "explain", "inform",   "insist",    "maintain",
          "mention",  "note",        "object",   "observe",  "pledge",   "point",     "post",     "praise",    "predict",
          "promise",  "propose",     "protest",  "publish",  "question", "quip",      "quote",    "reaffirm",
          "recount",  "refuse",      "reiterate", "reject",  "remark",   "repeat",    "reply",    "report",    "respond",
          "retort",   "reveal",      "say",      "said",     "scoff",    "shout",     "signal",   "speak",     "spoke",
          "state",    "stress",      "suggest",  "tell",     "told",     "testify",   "threaten", "tweet",     "urge",
          "vow",      "warn",        "welcome",  "write",    "wrote",    "yell",      "according"}) {
      // Each verb's forms ("add", "adds", "added", "adding"): the stems of
      // inflected forms can differ from the base form's ("added" -> "ad").
      std::string base(w);
      std::string bare = base.ends_with('e') ? base.substr(0, base.size() - 1) : base;
      std::string y = base.ends_with('y') ? base.substr(0, base.size() - 1) : base;
      for (const std::string& form : {base, base + "s", base + "ed", base + "d", bare + "ing", base + "ing", y + "ied",
                                      y + "ies"})
        stems.insert(st.Stem(form));
    }
    return stems;
  }();
  std::string_view cue = q.cue;
  const size_t space = cue.find(' ');
  std::string first = text::FoldCase(cue.substr(0, space));
  const std::string stem = stemmer.Stem(first);
  if (!kSaying.count(stem)) return false;
  // "X called Y" is mostly a telephone call ("Qin Gang called his Ukrainian
  // counterpart, Dmytro Kuleba, on Thursday evening"): a call is speech
  // when it is "called for" or "called on", when what follows is quoted,
  // or when what it calls is called something: a pronoun ("calling him
  // morally unfit", not "called him on Thursday") or a few words and then
  // "a" or "an" ("called climate change a hoax", not "called an emergency
  // meeting" or "called with an offer").
  static const std::string kCall = text::Stemmer("en").Stem("call");
  if (stem == kCall) {
    // The words after the verb: the cue's own ("called for"), then the text's.
    // (Tokens leave punctuation out: `words_to` counts the words before a
    // comma, a colon or a sentence's end.)
    std::vector<std::string> next;
    size_t words_to = SIZE_MAX;
    if (space != std::string_view::npos) next.push_back(text::FoldCase(cue.substr(space + 1)));
    if (q.cue_span.end > q.cue_span.begin && q.cue_span.end < text.size()) {
      const std::string_view after = text.substr(q.cue_span.end, 80);
      size_t from = 0;
      for (const text::Token& t : text::Tokenize(after)) {
        if (next.size() >= 8) break;
        if (words_to == SIZE_MAX && after.substr(from, t.span.begin - from).find_first_of(",;:.!?()") != std::string_view::npos)
          words_to = next.size();
        next.push_back(t.lower);
        from = t.span.end;
      }
    }
    if (!next.empty() && (next[0] == "for" || next[0] == "on" || next[0] == "upon")) return true;
    static const std::set<std::string_view> kPronouns = {"him", "her", "them", "it", "this", "that", "these", "those"};
    static const std::set<std::string_view> kNotSaid = {"on",  "at",        "in",    "to",      "from",    "after",
                                                        "before", "last",   "yesterday", "today", "tonight", "back",
                                                        "again", "and",     "but",   "twice",   "later",   "earlier"};
    if (next.size() >= 2 && words_to > 1 && kPronouns.count(next[0]) && !kNotSaid.count(next[1]) &&
        std::isalpha(static_cast<unsigned char>(next[1][0])))
      return true;
    // (Not past a clause's end, a preposition or a particle: "called Merkel
    // about a trade deal", "called off a strike".)
    static const std::set<std::string_view> kNotCalled = {"about", "with", "for", "into", "off",  "down",  "up",
                                                          "out",   "over", "by",  "who",  "which", "during"};
    if (!next.empty() && next[0] != "a" && next[0] != "an")
      for (size_t i = 0; i < next.size() && i < words_to; ++i) {
        if (i > 0 && (next[i] == "a" || next[i] == "an")) return true;
        if (kNotSaid.count(next[i]) || kNotCalled.count(next[i])) break;
      }
    // Quoted in any of the marks: straight, curly double or single, and the
    // wires' ``...'' and ''...''.
    const std::string_view content = q.span.end <= text.size() ? text.substr(q.span.begin, q.span.size()) : "";
    for (std::string_view mark : {"\"", "\u201c", "``", "''", "\u2018"})
      if (content.find(mark) != std::string_view::npos) return true;
    return false;
  }
  return true;
}

// Whether reported speech is what the speaker did not say: a negated or
// refused verb of saying ("the ministry did not confirm whether Xi ...",
// "would not say", "declined to comment on") reports no statement.
bool Withheld(std::string_view text, const facts::Quote& q) {
  if (q.kind != facts::Quote::Kind::kIndirect || q.cue_span.begin == 0 || q.cue_span.begin > text.size()) return false;
  // The three words before the cue, within the 40 bytes before it (from a
  // space on: never inside a character), after the content and the speaker
  // when they come first ("... were not, it said": the content's "not").
  size_t from = q.cue_span.begin > 40 ? text.find(' ', q.cue_span.begin - 40) : 0;
  if (from == std::string_view::npos || from > q.cue_span.begin) from = q.cue_span.begin;
  for (const text::Span& before_cue : {q.span, q.speaker_span})
    if (before_cue.end <= q.cue_span.begin && before_cue.end > from) from = before_cue.end;
  std::vector<std::string> before;
  for (const text::Token& t : text::Tokenize(text.substr(from, q.cue_span.begin - from))) before.push_back(t.lower);
  const size_t n = before.size();
  for (size_t k = n >= 3 ? n - 3 : 0; k < n; ++k) {
    const std::string& w = before[k];
    if (w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n\u2019t")) return true;
  }
  return n >= 2 && before[n - 1] == "to" &&
         (before[n - 2] == "declined" || before[n - 2] == "refused" || before[n - 2] == "declines" ||
          before[n - 2] == "refuses");
}

// Words `from` on, joined by single spaces ("ministry of foreign affairs").
std::string JoinWords(const std::vector<std::string>& words, size_t from = 0) {
  std::string joined;
  for (size_t i = from; i < words.size(); ++i) joined.append(i > from ? " " : "").append(words[i]);
  return joined;
}

// An entity's names (canonical and aliases) as lower-case words, and the
// full name of each that has a fixed one ("US" is also "united states"), so
// that sources naming it differently meet.
using NameWords = std::vector<std::vector<std::string>>;
NameWords Names(const std::string& name, const std::vector<std::string>& aliases) {
  NameWords out{LowerWords(name)};
  for (const auto& a : aliases) out.push_back(LowerWords(a));
  for (size_t i = 0, n = out.size(); i < n; ++i)
    if (std::string_view full = facts::FixedAlias(JoinWords(out[i])); !full.empty()) out.push_back(LowerWords(full));
  return out;
}

// Two entity names denote one entity when one's words are all in the other's
// (for people: "Xi" in "Xi Jinping"), types agreeing. Both match on their
// last word, which indexes the candidates.
bool SameEntity(facts::EntityType type, const NameWords& e, const NameWords& f) {
  // Two people named in full, neither name inside the other ("Lucia
  // Pinochet", "Augusto Pinochet"), are two people, whatever short name
  // ("Pinochet") each source gave one of them.
  if (type == facts::EntityType::kPerson && e[0].size() >= 2 && f[0].size() >= 2 && Containment(e[0], f[0]) < 1.0)
    return false;
  for (const auto& x : e)
    for (const auto& y : f) {
      if (x.empty() || y.empty()) continue;
      if (x == y) return true;
      // The full name contains the short one ("xi" in "xi jinping").
      if (type == facts::EntityType::kPerson && x.back() == y.back() && Containment(x, y) == 1.0) return true;
    }
  return false;
}

// A word for what speaks for a body ("statement", "spokeswoman", "readout").
// (A scan, not a hash: SameSpeaker asks for every pair of a quote's speakers.)
bool IsVoice(std::string_view lower_word) {
  static constexpr std::string_view kVoices[] = {
      "statement", "statements", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen",
      "readout", "release", "communique", "communiqu\u00e9", "announcement", "website", "account"};
  if (lower_word.size() < 7) return false;
  for (std::string_view v : kVoices)
    if (v[0] == lower_word[0] && v == lower_word) return true;
  return false;
}

// The words that name who speaks, as views of the lower-case words of the
// name: without a leading "the", and when the name ends in what speaks for a
// body ("Kremlin statement", "White House spokeswoman", "the ministry's
// readout"), the body's words alone.
std::vector<std::string_view> SpeakerWords(const std::vector<std::string>& words) {
  size_t n = words.size();
  while (n > 1 && IsVoice(words[n - 1])) --n;
  // No body named ("the statement", "a spokesman", "his spokeswoman"): the
  // voice is all there is of the speaker.
  static constexpr std::string_view kDeterminers[] = {"the", "a", "an", "his", "her", "its", "their", "our"};
  if (n < words.size() && std::all_of(words.begin(), words.begin() + n, [](const std::string& w) {
        return std::find(std::begin(kDeterminers), std::end(kDeterminers), w) != std::end(kDeterminers);
      }))
    n = words.size();
  std::vector<std::string_view> out(words.begin() + (n > 1 && words.front() == "the" ? 1 : 0), words.begin() + n);
  if (n < words.size() && !out.empty())
    for (std::string_view possessive : {"'s", "\u2019s"})
      if (out.back().size() > possessive.size() && out.back().ends_with(possessive))
        out.back().remove_suffix(possessive.size());
  return out;
}

// Two speakers a quote is given to are one when their names end in the same
// word and, both named by two words or more, one name's words are all in the
// other's: "Putin" and "Vladimir Putin", "the Kremlin" and "Kremlin
// statement"; not "Bill Clinton" and "Hillary Clinton", nor "Trump
// campaign" and "Clinton campaign".
bool SameSpeaker(std::string_view a, std::string_view b) {
  if (a == b) return !a.empty();
  const std::vector<std::string> a_words = LowerWords(a), b_words = LowerWords(b);
  // (Most pairs end in different words, neither a body's voice: no more to read.)
  if (a_words.empty() || b_words.empty()) return false;
  if (a_words.back() != b_words.back() && !IsVoice(a_words.back()) && !IsVoice(b_words.back())) return false;
  const std::vector<std::string_view> x = SpeakerWords(a_words), y = SpeakerWords(b_words);
  if (x.empty() || y.empty() || x.back() != y.back()) return false;
  if (x.size() < 2 || y.size() < 2) return true;
  const auto& shorter = x.size() <= y.size() ? x : y;
  const auto& longer = x.size() <= y.size() ? y : x;
  return std::all_of(shorter.begin(), shorter.end(), [&](std::string_view w) {
    return std::find(longer.begin(), longer.end(), w) != longer.end();
  });
}

// The end of k's chain in a forest kept as parent links (`into[k] == k` at a
// root): what an entity or a quote was folded into.
size_t Root(const std::vector<size_t>& into, size_t k) {
  while (into[k] != k) k = into[k];
  return k;
}

// Folds each entity into the one `into` names for it (itself when none;
// chains are followed): the name and aliases become aliases of the target,
// sources and mentions add up. The others keep their order.
void FoldEntities(std::vector<StoryEntity>& entities, std::vector<size_t> into) {
  for (size_t k = 0; k < into.size(); ++k) into[k] = Root(into, k);
  bool folded = false;
  for (size_t k = 0; k < entities.size(); ++k) {
    const size_t target = into[k];
    if (target == k) continue;
    StoryEntity& to = entities[target];
    auto add_alias = [&](const std::string& alias) {
      if (alias != to.name && std::find(to.aliases.begin(), to.aliases.end(), alias) == to.aliases.end())
        to.aliases.push_back(alias);
    };
    add_alias(entities[k].name);
    for (const std::string& a : entities[k].aliases) add_alias(a);
    for (const std::string& id : entities[k].sources) AddSource(to.sources, id);
    to.mentions += entities[k].mentions;
    folded = true;
  }
  if (!folded) return;
  size_t kept = 0;
  for (size_t k = 0; k < entities.size(); ++k) {
    if (into[k] != k) continue;
    if (kept != k) entities[kept] = std::move(entities[k]);
    ++kept;
  }
  entities.resize(kept);
}

// The story's places and nationalities named in one word, lower case
// ("china", "chinese"): what may stand before an organisation's own name.
std::unordered_set<std::string> PlacesAndNationalities(const std::vector<StoryEntity>& entities) {
  std::unordered_set<std::string> out;
  for (const StoryEntity& e : entities)
    if (e.type == facts::EntityType::kLocation || e.type == facts::EntityType::kOther) {
      const std::vector<std::string> words = LowerWords(e.name);
      if (words.size() == 1) out.insert(words[0]);
    }
  return out;
}

// A company's short name ("Kestrel said" beside "Kestrel Cloud Systems",
// "Brightwell" beside "Brightwell Home Appliances"), tagged as a person or
// an organisation: a one-word name that is the first word of exactly one
// organisation of the story, of two words or more, is that organisation.
// Likewise an organisation's name of three words or more that is another's
// without a first word that is a place or nationality of the story
// ("Ministry of Foreign Affairs" beside "Chinese Ministry of Foreign
// Affairs", "Department of Justice" beside "U.S. Department of Justice";
// not "New York Times" beside "International New York Times"), when
// exactly one organisation of the story has it so (beside a Russian one
// too, it could be either).
void FoldShortNamesIntoOrganisations(std::vector<StoryEntity>& entities) {
  // The organisations of two words or more by their first word, and those of
  // four words or more by their other words: (the last one, how many). One
  // pass each way: a story of 500 articles names thousands of entities.
  std::unordered_map<std::string, std::pair<size_t, size_t>> by_first_word, by_rest;
  const std::unordered_set<std::string> places_and_nationalities = PlacesAndNationalities(entities);
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kOrganization) continue;
    const std::vector<std::string> words = LowerWords(entities[k].name);
    if (words.size() < 2) continue;
    auto& [org, count] = by_first_word[words[0]];
    org = k;
    ++count;
    if (words.size() < 4 || !places_and_nationalities.contains(words[0])) continue;
    auto& [longer, longer_count] = by_rest[JoinWords(words, 1)];
    longer = k;
    ++longer_count;
  }
  if (by_first_word.empty()) return;
  std::vector<size_t> into(entities.size());
  std::iota(into.begin(), into.end(), 0);
  for (size_t p = 0; p < entities.size(); ++p) {
    const StoryEntity& short_name = entities[p];
    const std::vector<std::string> name = LowerWords(short_name.name);
    size_t target = SIZE_MAX;
    if (name.size() == 1 && short_name.aliases.empty() &&
        (short_name.type == facts::EntityType::kPerson || short_name.type == facts::EntityType::kOrganization)) {
      auto it = by_first_word.find(name[0]);
      if (it != by_first_word.end() && it->second.second == 1) target = it->second.first;
    } else if (name.size() >= 3 && short_name.type == facts::EntityType::kOrganization) {
      auto it = by_rest.find(JoinWords(name));
      if (it != by_rest.end() && it->second.second == 1) target = it->second.first;
    }
    if (target == SIZE_MAX || target == p || into[target] != target) continue;
    into[p] = target;
  }
  FoldEntities(entities, std::move(into));
}

// A ministry or department named either way round ("Foreign Ministry",
// "Ministry of Foreign Affairs"; "Justice Department", "Department of
// Justice"), with or without the country first ("Chinese", "U.S."): one
// organisation. The country-less names fold into the one organisation of
// that office the story has with a country (or without, when it has none);
// with two countries' ministries it could be either, and stays.
void FoldMinistryWordings(std::vector<StoryEntity>& entities) {
  const std::unordered_set<std::string> places_and_nationalities = PlacesAndNationalities(entities);
  // "foreign ministry" of "Chinese Ministry of Foreign Affairs", with the
  // country ("chinese"); "" for other names.
  auto office = [&](const std::string& name, std::string* country) -> std::string {
    std::vector<std::string> words = LowerWords(name);
    country->clear();
    if (words.size() >= 3 && places_and_nationalities.contains(words[0])) {
      *country = words[0];
      words.erase(words.begin());
    }
    if (words.size() < 2) return "";
    const std::string& head = words[0] == "ministry" || words[0] == "department" ? words[0] : words.back();
    if (head != "ministry" && head != "department") return "";
    std::vector<std::string> field;
    if (head == words[0]) {  // "Ministry of (the) Foreign Affairs"
      if (words.size() < 3 || words[1] != "of") return "";
      field.assign(words.begin() + (words[2] == "the" ? 3 : 2), words.end());
    } else {  // "Foreign (Affairs) Ministry"
      field.assign(words.begin(), words.end() - 1);
    }
    if (!field.empty() && field.back() == "affairs") field.pop_back();
    if (field.empty() || field.size() > 3) return "";
    return JoinWords(field) + " " + head;
  };
  struct Named {
    size_t entity;
    std::string country;
  };
  std::unordered_map<std::string, std::vector<Named>> by_office;
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kOrganization) continue;
    std::string country;
    std::string key = office(entities[k].name, &country);
    if (!key.empty()) by_office[key].push_back({k, std::move(country)});
  }
  std::vector<size_t> into(entities.size());
  std::iota(into.begin(), into.end(), 0);
  for (auto& [key, names] : by_office) {
    if (names.size() < 2) continue;
    // Per country the most mentioned name; the country-less ones go to the
    // only country's (or, with no country named, to the most mentioned).
    std::map<std::string, size_t> lead;  // country -> entity
    for (const Named& n : names) {
      auto [it, fresh] = lead.try_emplace(n.country, n.entity);
      if (!fresh && entities[n.entity].mentions > entities[it->second].mentions) it->second = n.entity;
    }
    const size_t countries = lead.size() - lead.count("");
    for (const Named& n : names) {
      if (!n.country.empty() || countries == 0) {
        into[n.entity] = lead[n.country];
      } else if (countries == 1) {
        into[n.entity] = std::next(lead.begin(), lead.begin()->first.empty() ? 1 : 0)->second;
      }
    }
  }
  FoldEntities(entities, std::move(into));
}

// An organisation's name led by another organisation's name or alias ("U.N.
// Security Council", "United Nations Security Council"): led by two names of
// one organisation, the rest the same, they are one; and the rest alone, of
// two words or more ("Security Council"), is that organisation when it is
// the only one so led with that rest.
void FoldOrganisationsLedByOthers(std::vector<StoryEntity>& entities) {
  // Every name and alias of the story's organisations, lower case -> the entity.
  std::unordered_map<std::string, size_t> organisation_of;
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kOrganization) continue;
    organisation_of.emplace(JoinWords(LowerWords(entities[k].name)), k);
    for (const std::string& alias : entities[k].aliases) organisation_of.emplace(JoinWords(LowerWords(alias)), k);
  }
  std::unordered_map<std::string, std::vector<size_t>> by_lead_and_rest;  // "leader entity|rest" -> names
  std::unordered_map<std::string, std::vector<std::string>> keys_of_rest;  // rest -> its keys
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kOrganization) continue;
    const std::vector<std::string> words = LowerWords(entities[k].name);
    for (size_t lead = 1; lead + 2 <= words.size(); ++lead) {
      auto leader = organisation_of.find(JoinWords({words.begin(), words.begin() + lead}));
      if (leader == organisation_of.end() || leader->second == k) continue;
      const std::string rest = JoinWords(words, lead);
      const std::string key = std::to_string(leader->second) + "|" + rest;
      auto& names = by_lead_and_rest[key];
      if (names.empty()) keys_of_rest[rest].push_back(key);
      names.push_back(k);
      break;
    }
  }
  std::vector<size_t> into(entities.size());
  std::iota(into.begin(), into.end(), 0);
  for (auto& [key, names] : by_lead_and_rest) {
    const size_t lead = *std::max_element(names.begin(), names.end(), [&](size_t x, size_t y) {
      return entities[x].mentions != entities[y].mentions ? entities[x].mentions < entities[y].mentions : x > y;
    });
    for (size_t k : names) into[k] = lead;
  }
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kOrganization || into[k] != k) continue;
    auto rest = keys_of_rest.find(JoinWords(LowerWords(entities[k].name)));
    if (rest == keys_of_rest.end() || rest->second.size() != 1) continue;
    const size_t target = Root(into, by_lead_and_rest[rest->second.front()].front());
    if (target != k) into[k] = target;
  }
  FoldEntities(entities, std::move(into));
}

// Whether two words (bytes) differ by one edit: a letter added, dropped or
// changed ("zelensky" / "zelenskyy", "gaddafi" / "qaddafi"), but not an "s"
// added at the end (a plural: "Latino", "Latinos").
bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (a == b || b.size() - a.size() > 1) return false;
  if (b.size() > a.size() && b.back() == 's' && b.starts_with(a)) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  // (a != b, so a letter differs at i < a.size() when the sizes are equal.)
  return a.size() == b.size() ? a.substr(i + 1) == b.substr(i + 1) : a.substr(i) == b.substr(i + 1);
}

// One person whose surname the sources spell two ways ("Volodymyr
// Zelenskyy", "Volodymyr Zelensky"; "Alexei Navalny", "Alexei Navalnyy"):
// two full names with the same first words and surnames of six letters or
// more one edit apart are one person, under the spelling with more
// mentions; a one-word name one edit from exactly one such surname is that
// person too. Transliterations vary by outlet; two people of one story whose
// names differ by a letter are rare.
void FoldSpellingVariants(std::vector<StoryEntity>& entities) {
  constexpr size_t kMinSurname = 6, kMaxGroup = 64;  // ("Osama" is not "Obama")
  std::unordered_map<std::string, std::vector<size_t>> by_given_names;  // full names by all but the last word
  std::vector<std::vector<std::string>> words(entities.size());
  for (size_t k = 0; k < entities.size(); ++k) {
    if (entities[k].type != facts::EntityType::kPerson) continue;
    words[k] = LowerWords(entities[k].name);
    if (words[k].size() >= 2 && words[k].back().size() >= kMinSurname)
      by_given_names[JoinWords({words[k].begin(), words[k].end() - 1})].push_back(k);
  }
  std::vector<size_t> into(entities.size());
  std::iota(into.begin(), into.end(), 0);
  auto more_mentioned = [&](size_t x, size_t y) {
    return entities[x].mentions != entities[y].mentions ? entities[x].mentions > entities[y].mentions : x < y;
  };
  for (auto& [given, group] : by_given_names) {
    if (group.size() > kMaxGroup) continue;
    for (size_t x = 0; x < group.size(); ++x)
      for (size_t y = x + 1; y < group.size(); ++y) {
        size_t a = Root(into, group[x]), b = Root(into, group[y]);
        if (a == b || !OneEditApart(words[group[x]].back(), words[group[y]].back())) continue;
        if (more_mentioned(b, a)) std::swap(a, b);
        into[b] = a;
      }
  }
  // The surnames of the full names kept, by each form with one letter
  // dropped and by themselves: two words one edit apart share such a key.
  std::unordered_map<std::string, std::vector<size_t>> surname_keys;
  auto keys_of = [](const std::string& word) {
    std::vector<std::string> keys{word};
    for (size_t i = 0; i < word.size(); ++i) keys.push_back(word.substr(0, i) + word.substr(i + 1));
    return keys;
  };
  for (size_t k = 0; k < entities.size(); ++k)
    if (into[k] == k && words[k].size() >= 2 && words[k].back().size() >= kMinSurname)
      for (std::string& key : keys_of(words[k].back())) surname_keys[std::move(key)].push_back(k);
  for (size_t k = 0; k < entities.size(); ++k) {
    if (words[k].size() != 1 || words[k][0].size() < kMinSurname) continue;
    std::vector<size_t> people;  // the full names whose surname is one edit from this name
    for (const std::string& key : keys_of(words[k][0]))
      if (auto it = surname_keys.find(key); it != surname_keys.end())
        for (size_t full : it->second)
          if (OneEditApart(words[full].back(), words[k][0]))
            people.push_back(full);
    std::sort(people.begin(), people.end());
    people.erase(std::unique(people.begin(), people.end()), people.end());
    if (people.size() == 1) into[k] = people[0];
  }
  FoldEntities(entities, std::move(into));
}

}  // namespace

std::string_view WithoutListMarker(std::string_view s) {
  for (std::string_view bullet : {"\u2022", "\u25aa", "\u25cf", "-", "*"})
    if (s.starts_with(bullet) && s.size() > bullet.size() && s[bullet.size()] == ' ') {
      s.remove_prefix(bullet.size());
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    }
  return s;
}

std::vector<std::string> LowerWords(std::string_view s) {
  // A story names the same entities and carries the same quotes in article
  // after article: each distinct string is tokenized once per thread (the
  // cache is emptied when it outgrows kMaxEntries). The server builds briefs
  // on each of its worker threads, so the bound is paid once per thread: an
  // entry is a name or a quotation with its words, up to a few KB.
  constexpr size_t kMaxEntries = 1 << 13;
  thread_local std::unordered_map<std::string, std::vector<std::string>> known;
  thread_local std::string key;
  key.assign(s);
  auto it = known.find(key);
  if (it != known.end()) return it->second;
  std::vector<std::string> out;
  for (const auto& t : text::Tokenize(s)) out.push_back(t.lower);
  if (known.size() >= kMaxEntries) known.clear();
  known.emplace(key, out);
  return out;
}

double Containment(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  std::vector<std::string_view> in_longer(longer.begin(), longer.end());
  std::sort(in_longer.begin(), in_longer.end());
  size_t hit = 0;
  for (const auto& w : shorter) hit += std::binary_search(in_longer.begin(), in_longer.end(), std::string_view(w));
  return static_cast<double>(hit) / static_cast<double>(shorter.size());
}

double SortedContainment(const std::vector<std::string>& a_sorted, const std::vector<std::string>& b_sorted) {
  if (a_sorted.empty() || b_sorted.empty()) return 0;
  const auto& shorter = a_sorted.size() <= b_sorted.size() ? a_sorted : b_sorted;
  const auto& longer = a_sorted.size() <= b_sorted.size() ? b_sorted : a_sorted;
  size_t hit = 0;
  for (const auto& w : shorter) hit += std::binary_search(longer.begin(), longer.end(), w);
  return static_cast<double>(hit) / static_cast<double>(shorter.size());
}

void AddStoryFacts(Story& story, const std::vector<facts::ArticleFacts>& per_article) {
  struct QuoteGroup {
    StoryQuote quote;
    std::vector<std::string> words;
    std::vector<std::string> sorted_words;  // words, sorted: for SortedContainment
    // Per speaker named: how many carriers name it, and its longest version
    // (the brief shows the words of the speaker it names, not a longer
    // report around them that another source attributes to someone else:
    // "news agencies reported: ... that scientists believe could be ...").
    struct SpeakerVersions {
      size_t carriers = 0;
      size_t longest_words = 0;
      const std::string* longest = nullptr;  // a quote's text in per_article
      bool verbatim = false;  // some carrier gives `longest` in quotation marks
    };
    std::map<std::string, SpeakerVersions> speakers;
    // Each carrier in story order, with the speaker it names ("" for none).
    struct Carrier {
      const std::string* id;
      const std::string* speaker;
    };
    std::vector<Carrier> carriers;
  };
  std::vector<QuoteGroup> quote_groups;
  std::vector<size_t> quote_unique;  // unique words per group
  WordIndex quote_index;
  // A quotation text seen before joins the group it joined then, unless a
  // group before that one has taken longer words since and now takes it: a
  // group's index postings and words change only when it takes longer words,
  // so every other group before it still fails the test it failed then, and
  // the group itself still passes (when it has not changed either; else the
  // full look-up runs). `replaced` logs those changes (group numbers, in order).
  struct SeenQuote {
    size_t group;
    size_t replaced;  // size of `replaced` when it was looked up
  };
  std::unordered_map<std::string, SeenQuote> quote_seen;
  std::vector<size_t> replaced;
  std::vector<NameWords> entity_names;  // parallel to story.entities
  std::vector<std::string> folded_names;  // parallel to story.entities: each name case-folded
  std::unordered_map<std::string, std::vector<size_t>> by_last_word;  // story entities by a name's last word
  std::map<std::string, StoryValue> numbers, dates;
  std::vector<std::string> number_order, date_order;

  for (size_t i = 0; i < per_article.size(); ++i) {
    const auto& f = per_article[i];
    const std::string& id = story.articles[i].id;
    for (const facts::Entity& e : f.entities) {
      NameWords e_names = Names(e.name, e.aliases);
      // The first story entity (in story order) that names it, among those
      // sharing a last word with it; of another type only under the very
      // same name.
      // (The candidates of a last word are the story entities in story
      // order: the first kMaxCandidates of them are tried. A real story has a
      // handful per word; a page of thousands of invented names had every
      // new one tried against all the others.)
      constexpr size_t kMaxCandidates = 256;
      size_t found = SIZE_MAX;
      std::string e_folded;  // folded on first use
      for (const auto& words : e_names) {
        if (words.empty()) continue;
        auto p = by_last_word.find(words.back());
        if (p == by_last_word.end()) continue;
        size_t tried = 0;
        for (size_t k : p->second) {
          if (k >= found || ++tried > kMaxCandidates) break;
          bool same;
          if (story.entities[k].type == e.type) {
            same = SameEntity(e.type, entity_names[k], e_names);
          } else {
            if (e_folded.empty()) e_folded = text::FoldCase(e.name);
            same = folded_names[k] == e_folded;
          }
          if (same) {
            found = k;
            break;
          }
        }
      }
      auto it = found == SIZE_MAX ? story.entities.end() : story.entities.begin() + static_cast<std::ptrdiff_t>(found);
      bool renamed = true;  // whether its name or aliases changed
      if (it == story.entities.end()) {
        story.entities.push_back({e.name, e.type, e.aliases, {}, 0});
        entity_names.push_back({});
        folded_names.push_back(text::FoldCase(e.name));
        it = story.entities.end() - 1;
      } else {
        renamed = false;
        // The longest full form is the canonical name; of two as long, the one
        // not in capitals ("Kourou", not a dateline's "KOUROU").
        std::string shorter = e.name;
        auto capitals = [](const std::string& name) {
          return std::none_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        };
        if (e.name.size() > it->name.size() ||
            (e.name.size() == it->name.size() && capitals(it->name) && !capitals(e.name))) {
          std::swap(it->name, shorter);
          folded_names[static_cast<size_t>(it - story.entities.begin())] = text::FoldCase(it->name);
          renamed = true;
        }
        if (shorter != it->name && std::find(it->aliases.begin(), it->aliases.end(), shorter) == it->aliases.end()) {
          it->aliases.push_back(shorter);
          renamed = true;
        }
        for (const auto& a : e.aliases)
          if (a != it->name && std::find(it->aliases.begin(), it->aliases.end(), a) == it->aliases.end()) {
            it->aliases.push_back(a);
            renamed = true;
          }
      }
      // One name tagged as two types in different sources ("West" a place
      // here, other there): the type with more mentions so far.
      if (it->type != e.type && e.mentions.size() > it->mentions) it->type = e.type;
      AddSource(it->sources, id);
      it->mentions += e.mentions.size();
      size_t k = static_cast<size_t>(it - story.entities.begin());
      if (!renamed) continue;
      entity_names[k] = Names(it->name, it->aliases);
      for (const auto& words : entity_names[k])
        if (!words.empty()) {
          auto& p = by_last_word[words.back()];  // in story order
          auto at = std::lower_bound(p.begin(), p.end(), k);
          if (at == p.end() || *at != k) p.insert(at, k);
        }
    }
    for (const facts::Quote& q : f.quotes) {
      if (!IsSpeech(story.articles[i].text, q) || Withheld(story.articles[i].text, q)) continue;
      std::vector<std::string> words = LowerWords(q.text);
      const size_t word_count = words.size();
      if (word_count < 3) continue;
      std::vector<std::string> sorted_words;  // made on first use
      auto sorted = [&]() -> const std::vector<std::string>& {
        if (sorted_words.empty()) {
          sorted_words = words;
          std::sort(sorted_words.begin(), sorted_words.end());
        }
        return sorted_words;
      };
      size_t found = SIZE_MAX;
      bool known = false;
      if (auto seen = quote_seen.find(q.text); seen != quote_seen.end()) {
        const size_t group = seen->second.group;
        std::vector<size_t> changed;
        for (auto r = replaced.begin() + static_cast<std::ptrdiff_t>(seen->second.replaced); r != replaced.end(); ++r)
          if (*r <= group) changed.push_back(*r);
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        if (changed.empty() || changed.back() != group) {
          known = true;
          found = group;
          if (!changed.empty()) {
            size_t unique_size = 0;
            std::vector<uint32_t> unique = quote_index.UniqueIds(words, false, &unique_size);
            for (size_t r : changed)
              if (quote_index.IsCandidate(r, unique, unique_size, quote_unique, 0.6) &&
                  SortedContainment(quote_groups[r].sorted_words, sorted()) >= 0.8) {
                found = r;
                break;
              }
          }
        }
      }
      if (!known)
        for (size_t g : quote_index.Candidates(words, quote_unique, 0.6))
          if (SortedContainment(quote_groups[g].sorted_words, sorted()) >= 0.8) {
            found = g;
            break;
          }
      auto it = found == SIZE_MAX ? quote_groups.end() : quote_groups.begin() + static_cast<std::ptrdiff_t>(found);
      if (it == quote_groups.end()) {
        quote_groups.push_back({{q.text, "", {}, false}, words, sorted(), {}, {}});
        quote_unique.push_back(std::set<std::string>(words.begin(), words.end()).size());
        quote_index.Add(quote_groups.size() - 1, words);
        it = quote_groups.end() - 1;
      } else if (words.size() > it->words.size()) {
        it->quote.text = q.text;
        it->words = words;
        it->sorted_words = sorted();
        size_t g = static_cast<size_t>(it - quote_groups.begin());
        quote_unique[g] = std::set<std::string>(words.begin(), words.end()).size();
        quote_index.Add(g, words);
        replaced.push_back(g);
      }
      quote_seen[q.text] = {static_cast<size_t>(it - quote_groups.begin()), replaced.size()};
      if (!q.speaker.empty()) {
        QuoteGroup::SpeakerVersions& v = it->speakers[q.speaker];
        ++v.carriers;
        // A direct or partial quote's words are the speaker's own; reported
        // speech is the writer's.
        const bool verbatim = q.kind != facts::Quote::Kind::kIndirect;
        if (word_count > v.longest_words) {
          v.longest_words = word_count;
          v.longest = &q.text;
          v.verbatim = verbatim;
        } else if (verbatim && q.text == *v.longest) {
          v.verbatim = true;
        }
      }
      it->carriers.push_back({&id, &q.speaker});
    }
    for (const facts::Quantity& n : f.numbers) {
      // "190000000000 USD"; a bare count has no unit: "3100000".
      std::string key = n.unit.empty() ? fmt::format("{}", n.value) : fmt::format("{} {}", n.value, n.unit);
      if (!numbers.count(key)) {
        numbers[key] = {n.text, key, {}};
        number_order.push_back(key);
      }
      AddSource(numbers[key].sources, id);
    }
    for (const facts::TimeExpression& d : f.dates) {
      const std::string key = ResolvedDateKey(d);
      if (key.empty()) continue;
      if (!dates.count(key)) {
        dates[key] = {d.text, key, {}};
        date_order.push_back(key);
      }
      AddSource(dates[key].sources, id);
    }
  }
  for (auto& g : quote_groups) {
    // A quotation no source gives a speaker for ("has been met with
    // scepticism", "it is not known whether") tells the reader nothing
    // about who said what: the brief's quotes leave it out.
    if (g.speakers.empty()) continue;
    // The speaker most carriers name, counting the short and full forms of
    // one name together; of two as named, the one given more of the words
    // (not the one a few of them are attributed to: "in a statement", cited
    // by Reuters), then the fuller name.
    const QuoteGroup::SpeakerVersions* best = nullptr;
    size_t best_carriers = 0;
    for (const auto& [speaker, v] : g.speakers) {
      size_t carriers = 0;
      for (const auto& [other, w] : g.speakers)
        if (SameSpeaker(speaker, other)) carriers += w.carriers;
      if (!best || carriers > best_carriers ||
          (carriers == best_carriers && (v.longest_words > best->longest_words ||
                                         (v.longest_words == best->longest_words &&
                                          speaker.size() > g.quote.speaker.size())))) {
        best = &v;
        best_carriers = carriers;
        g.quote.speaker = speaker;
      }
    }
    g.quote.text = std::string(WithoutListMarker(*best->longest));
    g.quote.direct = best->verbatim;
    // The quote's sources are the carriers that give it to its speaker (or
    // to no one): a source that gives the words to someone else ("said
    // Marcus Feld" where the others have "Anjali Dorrington said"; a
    // speaker conflict the brief reports) or carries only a few of them
    // under another speaker ("in a statement", cited by Reuters) does not
    // state that the speaker said them.
    for (const auto& c : g.carriers)
      if (c.speaker->empty() || SameSpeaker(*c.speaker, g.quote.speaker)) AddSource(g.quote.sources, *c.id);
    story.quotes.push_back(std::move(g.quote));
  }
  for (const auto& k : number_order) story.numbers.push_back(numbers[k]);
  for (const auto& k : date_order) story.dates.push_back(dates[k]);

  FoldShortNamesIntoOrganisations(story.entities);
  FoldSpellingVariants(story.entities);
  FoldMinistryWordings(story.entities);
  FoldOrganisationsLedByOthers(story.entities);
  // The entity tagger is trained on English: in a story with English
  // articles, a name that only articles in other languages give ("Desde",
  // "El Gobierno" from a Spanish article) is left out, and one they share
  // with an English article keeps them as sources.
  auto english = [](const Article& a) { return facts::ReadsAsEnglish(a.language); };
  if (std::any_of(story.articles.begin(), story.articles.end(), english)) {
    std::unordered_map<std::string_view, bool> is_english;
    for (const Article& a : story.articles) is_english[a.id] = english(a);
    std::erase_if(story.entities, [&](const StoryEntity& e) {
      return std::none_of(e.sources.begin(), e.sources.end(), [&](const std::string& id) { return is_english[id]; });
    });
  }
  // Most widely stated first; ties keep story order.
  std::stable_sort(story.entities.begin(), story.entities.end(), MoreSourcesFirst);
  std::stable_sort(story.quotes.begin(), story.quotes.end(), MoreSourcesFirst);
  std::stable_sort(story.numbers.begin(), story.numbers.end(), MoreSourcesFirst);
  std::stable_sort(story.dates.begin(), story.dates.end(), MoreSourcesFirst);
}

namespace {

// The words of a sentence by the case of their first letter: the first and
// the last that start lower case, and those that start upper case (ASCII
// letters only). Handles (@, #) and opening quotes, brackets and dashes are
// passed over. Spans are of the words as written, in the sentence.
struct WordCases {
  bool lower = false, upper = false;
  text::Span first_lower, last_lower, first_upper, last_upper;
};

WordCases CasesOfWords(std::string_view sentence) {
  WordCases c;
  size_t at = 0;
  while (at < sentence.size()) {
    size_t end = sentence.find_first_of(" \t\r\n", at);
    if (end == std::string_view::npos) end = sentence.size();
    std::string_view word = sentence.substr(at, end - at);
    const text::Span span{at, end};
    at = end + 1;
    for (bool stripped = true; stripped && !word.empty();) {
      stripped = false;
      for (std::string_view p : {"\"", "'", "(", "[", "\u201c", "\u2018", "\u2014", "\u2013", "-"})
        if (word.starts_with(p)) {
          word.remove_prefix(p.size());
          stripped = true;
        }
    }
    if (word.empty()) continue;
    if (word[0] >= 'a' && word[0] <= 'z') {
      if (!c.lower) c.first_lower = span;
      c.last_lower = span;
      c.lower = true;
    } else if (word[0] >= 'A' && word[0] <= 'Z') {
      if (!c.upper) c.first_upper = span;
      c.last_upper = span;
      c.upper = true;
    }
  }
  return c;
}

// Whether a sentence, whose words are `c`, tells no event but for its
// date (at `date` in it): in a text written in Latin letters, no word outside
// the date starts lower case ("\u2014 Hua Chunying (@SpokespersonCHN) March 17,
// 2023", the signature of an embedded post; a dateline alone). A sentence
// without a word in ASCII letters is never such. (The words are in order and
// the date is one run of them, so some word of a case lies outside the date
// exactly when the first of them ends before it or the last starts after it.)
bool TellsNoEvent(const WordCases& c, text::Span date) {
  auto outside = [&](bool any, text::Span first, text::Span last) {
    return any && (first.end <= date.begin || last.begin >= date.end);
  };
  return !outside(c.lower, c.first_lower, c.last_lower) && outside(c.upper, c.first_upper, c.last_upper);
}

}  // namespace

void AddRestatedQuoteSources(Story& story, const std::vector<facts::ArticleFacts>& per_article,
                             const std::vector<StatedSentence>& stated) {
  if (stated.empty() || story.quotes.empty()) return;
  const size_t n = std::min(story.articles.size(), per_article.size());
  std::unordered_map<std::string_view, size_t> article_of;
  for (size_t i = 0; i < n; ++i) article_of.emplace(story.articles[i].id, i);
  auto by_start = [](const auto& x, const auto& y) { return x.first.begin < y.first.begin; };
  // Each article's stated sentences by where they start (an article's
  // sentences do not overlap), its quotes, and where it carries story quotes
  // word for word (a story quote's text as one of its sources gives it).
  std::vector<std::vector<std::pair<text::Span, const StatedSentence*>>> restated(n);
  for (const StatedSentence& s : stated)
    if (s.article < n && s.sources && s.spans && s.sources->size() == s.spans->size())
      restated[s.article].push_back({s.sentence, &s});
  std::vector<std::vector<std::pair<text::Span, const facts::Quote*>>> quotes_of(n);
  std::vector<std::vector<std::pair<text::Span, size_t>>> story_quotes_of(n);
  // Per story quote, the articles carrying it (sorted): a few each, of stories of
  // up to thousands of articles and quotes.
  std::vector<std::vector<size_t>> carries(story.quotes.size());
  auto carried = [&](size_t k, size_t a) { return std::binary_search(carries[k].begin(), carries[k].end(), a); };
  std::vector<std::vector<std::pair<size_t, text::Span>>> places(story.quotes.size());  // (article, quote span)
  {
    std::unordered_map<std::string_view, size_t> quote_of_text;
    for (size_t k = 0; k < story.quotes.size(); ++k) {
      quote_of_text.emplace(story.quotes[k].text, k);
      for (const std::string& id : story.quotes[k].sources)
        if (auto a = article_of.find(id); a != article_of.end()) carries[k].push_back(a->second);
      std::sort(carries[k].begin(), carries[k].end());
      carries[k].erase(std::unique(carries[k].begin(), carries[k].end()), carries[k].end());
    }
    for (size_t i = 0; i < n; ++i)
      for (const facts::Quote& q : per_article[i].quotes) {
        quotes_of[i].push_back({q.span, &q});
        if (auto k = quote_of_text.find(q.text); k != quote_of_text.end() && carried(k->second, i)) {
          story_quotes_of[i].push_back({q.span, k->second});
          places[k->second].push_back({i, q.span});
        }
      }
  }
  for (size_t i = 0; i < n; ++i) {
    std::stable_sort(restated[i].begin(), restated[i].end(), by_start);
    std::stable_sort(quotes_of[i].begin(), quotes_of[i].end(), by_start);
    std::stable_sort(story_quotes_of[i].begin(), story_quotes_of[i].end(), by_start);
  }
  // The entries of an article's list (sorted by start) that overlap `span`.
  auto overlapping = [](const auto& list, text::Span span, auto&& visit) {
    auto stop = std::lower_bound(list.begin(), list.end(), span.end,
                                 [](const auto& entry, size_t end) { return entry.first.begin < end; });
    for (auto k = list.begin(); k != stop; ++k)
      if (k->first.end > span.begin) visit(k->second);
  };
  // Words that are not stop words: what two wordings of a quote share.
  auto content_words = [](std::string_view s) {
    std::vector<std::string> words = LowerWords(s);
    std::erase_if(words, [](const std::string& w) { return text::IsStopWord(w); });
    return words;
  };
  // Quote k's restated places: a source stating a sentence it stands in
  // carries it when it gives words there to its speaker, half of them the
  // quote's (or half the quote's in them); another story quote of that
  // speaker standing there, so sharing words, is the same quote reworded,
  // and of the two the one first in order (the more widely carried) stays.
  std::vector<size_t> same_as(story.quotes.size());
  std::iota(same_as.begin(), same_as.end(), 0);
  auto root = [&](size_t k) { return Root(same_as, k); };
  std::vector<std::vector<std::string>> quote_words;  // each story quote's content words
  for (const StoryQuote& q : story.quotes) quote_words.push_back(content_words(q.text));
  // Article -> (1 + the quote, the sentence) it was last found restating.
  std::vector<std::pair<size_t, size_t>> seen(n, {0, 0});
  for (size_t k = 0; k < story.quotes.size(); ++k) {
    const StoryQuote& quote = story.quotes[k];
    const std::vector<std::string>& words = quote_words[k];
    auto shares_words = [&](const std::vector<std::string>& theirs) {
      return !words.empty() && !theirs.empty() && Containment(theirs, words) >= 0.5;
    };
    // (article, sentence) of each other source stating a sentence the quote
    // stands in, each once as it comes (a wire story carried by hundreds of
    // articles states each sentence in all of them).
    std::vector<std::pair<size_t, text::Span>> restated_at;
    for (const auto& [a, span] : places[k])
      overlapping(restated[a], span, [&](const StatedSentence* s) {
        for (size_t j = 0; j < s->sources->size(); ++j) {
          const size_t b = (*s->sources)[j];
          const text::Span there = (*s->spans)[j];
          if (b == a || b >= n || seen[b] == std::make_pair(k + 1, there.begin)) continue;
          seen[b] = {k + 1, there.begin};
          restated_at.push_back({b, there});
        }
      });
    for (const auto& [b, sentence] : restated_at) {
      if (!carried(root(k), b)) {
        bool speaks = false;
        overlapping(quotes_of[b], sentence, [&](const facts::Quote* q) {
          speaks = speaks || (!q->speaker.empty() && SameSpeaker(q->speaker, quote.speaker) && shares_words(content_words(q->text)) &&
                              IsSpeech(story.articles[b].text, *q) && !Withheld(story.articles[b].text, *q));
        });
        if (speaks) carries[root(k)].insert(std::lower_bound(carries[root(k)].begin(), carries[root(k)].end(), b), b);
      }
      overlapping(story_quotes_of[b], sentence, [&](size_t other) {
        const size_t x = root(k), y = root(other);
        if (x == y || !SameSpeaker(story.quotes[other].speaker, quote.speaker) ||
            !shares_words(quote_words[other]))
          return;
        const size_t stays = std::min(x, y), goes = std::max(x, y);
        same_as[goes] = stays;
        std::vector<size_t> both;
        std::set_union(carries[stays].begin(), carries[stays].end(), carries[goes].begin(), carries[goes].end(),
                       std::back_inserter(both));
        carries[stays] = std::move(both);
        carries[goes].clear();
      });
    }
  }
  std::vector<StoryQuote> quotes;
  for (size_t k = 0; k < story.quotes.size(); ++k) {
    if (same_as[k] != k) continue;
    StoryQuote& quote = story.quotes[k];
    quote.sources.clear();
    for (size_t a : carries[k]) quote.sources.push_back(story.articles[a].id);
    quotes.push_back(std::move(quote));
  }
  std::stable_sort(quotes.begin(), quotes.end(), MoreSourcesFirst);
  story.quotes = std::move(quotes);
}

void AddTimeline(Story& story, const std::vector<facts::ArticleFacts>& per_article) {
  // Where each article states each claim (the sentence its span covers).
  std::unordered_map<std::string, size_t> article_of;
  for (size_t i = 0; i < story.articles.size(); ++i) article_of.emplace(story.articles[i].id, i);
  struct Stated {
    size_t claim;
    text::Span sentence;
  };
  std::vector<std::vector<Stated>> stated(story.articles.size());
  for (size_t c = 0; c < story.claims.size(); ++c) {
    const StoryClaim& claim = story.claims[c];
    for (size_t k = 0; k < claim.sources.size() && k < claim.spans.size(); ++k)
      if (auto it = article_of.find(claim.sources[k]); it != article_of.end())
        stated[it->second].push_back({c, claim.spans[k]});
  }
  // By where the sentence starts: the claims' sentences of an article do
  // not overlap (several claims may share one).
  for (auto& list : stated)
    std::stable_sort(list.begin(), list.end(),
                     [](const Stated& x, const Stated& y) { return x.sentence.begin < y.sentence.begin; });
  // (Each entry's sources come in story order: the articles are read in it.)
  // One entry per day and statement: the sources whose own sentence giving
  // that day states it (a claim, however each words it), told in the first
  // such source's words around the date. A day several sources give in
  // different statements is several entries, each citing only its own.
  struct Entry {
    std::string key;          // the date value
    size_t article;           // whose words tell it
    text::Span sentence, date;
    std::vector<std::string> sources;
  };
  std::vector<Entry> entries;
  std::map<std::pair<std::string, std::pair<size_t, size_t>>, size_t> entry_of;  // (key, statement) -> entry
  for (size_t i = 0; i < per_article.size() && i < story.articles.size(); ++i) {
    std::vector<text::Span> sentences;
    // Each sentence's words are read once, however many dates it gives (a
    // schedule of thousands of dates in one sentence is linear).
    std::map<std::pair<size_t, size_t>, WordCases> cases_of;  // sentence's [begin, end) -> its words' cases
    for (const facts::TimeExpression& d : per_article[i].dates) {
      const std::string key = ResolvedDateKey(d);
      if (key.size() < 10 || !ParsePublished(key.substr(0, 10))) continue;  // a day, not a week, month or year
      // The claim stated by the sentence holding the date (the most widely
      // stated when several), else the sentence alone: of the sentences
      // starting at or before the date, the last (the claims share it).
      const Stated* best = nullptr;
      const auto& list = stated[i];
      auto by_start = [](const Stated& x, const Stated& y) { return x.sentence.begin < y.sentence.begin; };
      const auto after = std::upper_bound(list.begin(), list.end(), Stated{0, {d.span.begin, d.span.begin}}, by_start);
      if (after != list.begin()) {
        const auto from = std::lower_bound(list.begin(), after, *std::prev(after), by_start);
        for (auto st = from; st != after; ++st)  // (the later claim on a tie)
          if (d.span.end <= st->sentence.end &&
              (!best || story.claims[st->claim].sources.size() >= story.claims[best->claim].sources.size()))
            best = &*st;
      }
      text::Span sentence{d.span.begin, d.span.end};
      std::pair<size_t, size_t> statement;
      if (best) {
        sentence = best->sentence;
        statement = {0, best->claim};
      } else {
        if (sentences.empty()) sentences = text::SplitSentences(story.articles[i].text);
        auto s = std::partition_point(sentences.begin(), sentences.end(),
                                      [&](const text::Span& x) { return x.end < d.span.end; });
        if (s != sentences.end() && s->begin <= d.span.begin) sentence = *s;
        statement = {1 + i, sentence.begin};
      }
      {
        const std::string_view text = story.articles[i].text;
        const size_t b = std::min(sentence.begin, text.size()), e = std::min(sentence.end, text.size());
        const size_t date_b = d.span.begin > b ? d.span.begin - b : 0, date_e = d.span.end > b ? d.span.end - b : 0;
        auto [cases, fresh] = cases_of.try_emplace({b, e});
        if (fresh) cases->second = CasesOfWords(text.substr(b, e - b));
        if (TellsNoEvent(cases->second, {date_b, date_e})) continue;
      }
      auto [at, fresh] = entry_of.emplace(std::make_pair(key, statement), entries.size());
      if (fresh) entries.push_back({key, i, sentence, d.span, {}});
      AddSource(entries[at->second].sources, story.articles[i].id);
    }
  }
  // The words that tell an entry: its sentence, without the article's
  // opening dateline ("BEIJING: "), or only the words around the date when
  // the sentence is long (a table of dates in one "sentence" would else be
  // told whole once per date).
  auto words = [&](const Entry& e) {
    const std::string_view text = story.articles[e.article].text;
    const text::Span s{std::min(e.sentence.begin, text.size()), std::min(e.sentence.end, text.size())};
    std::string_view sentence = text.substr(s.begin, s.size());
    size_t from = s.begin;
    if (text.substr(0, s.begin).find_first_not_of(" \t\r\n") == std::string_view::npos) {
      const size_t dateline = text::DatelineLength(sentence);
      sentence.remove_prefix(dateline);
      from += dateline;
    }
    const size_t at = e.date.begin > from ? e.date.begin - from : 0;
    const size_t to = e.date.end > from ? e.date.end - from : 0;
    return text::WordsAround(sentence, at, to, kTimelineWords);
  };

  // Calendar days and ranges (not weeks, months or years, which place
  // nothing precisely), then each publication, in date order. A sentence is
  // told once per day: "At 12:30 p.m. local time (0130 GMT) Monday" is one
  // event, not one at 12:30 and one at 01:30; of the values that sentence
  // stands for, the one most sources give ("Monday" before "6 a.m. on
  // Monday"), the first on a tie.
  std::map<std::pair<std::string, std::string>, size_t> told;  // (words, day) -> timeline entry
  for (const Entry& e : entries) {
    std::string what = words(e);
    auto [at, fresh] = told.emplace(std::make_pair(what, e.key.substr(0, 10)), story.timeline.size());
    if (fresh) story.timeline.push_back({e.key, std::move(what), e.sources});
    else if (e.sources.size() > story.timeline[at->second].sources.size()) story.timeline[at->second] = {e.key, std::move(what), e.sources};
  }
  for (const Article& a : story.articles) {
    if (a.published.empty()) continue;
    std::string who = a.outlet.empty() ? a.id : a.outlet;
    story.timeline.push_back(
        {a.published, a.title.empty() ? who + " publishes" : who + " publishes \u201c" + a.title + "\u201d", {a.id}, true});
  }
  // Calendar order by the entry's first instant; a TIMEX3 part of day
  // ("2023-03-16TEV") sorts by its day.
  auto instant = [](const std::string& date) {
    std::string first = date.substr(0, date.find('/'));
    auto t = ParsePublished(first);
    if (!t) t = ParsePublished(first.substr(0, 10));
    return t ? t->lo : INT64_MIN;
  };
  std::stable_sort(story.timeline.begin(), story.timeline.end(),
                   [&](const TimelineEntry& x, const TimelineEntry& y) { return instant(x.date) < instant(y.date); });
}

}  // namespace storyline::brief
