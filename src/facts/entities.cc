// Named entities: the learned tagger run over article text (TagEntities) and
// the grouping of its mentions into entities with canonical names, aliases
// and roles (GroupEntities).
//
// Tagging: the article is split into sentences (text::SplitSentences) and
// each sentence into CoNLL-style tokens (ner::TokenizeConll: "U.S." whole,
// "'s" split off, punctuation a token of its own, curly quotes folded for the
// features), so the text looks like the newswire the model was trained on
// (CoNLL-2003, see ner_train.cc). The tagger is an averaged structured
// perceptron with Viterbi decoding (ner_tagger.h).
//
// Grouping, within one article:
//   - surface forms are compared case-folded, without a leading "the" or a
//     trailing possessive;
//   - a person's shorter form joins the longest full name it begins or ends
//     ("Xi" and "Jinping" join "Xi Jinping", "Putin" joins "Vladimir Putin");
//     titles before a person mention ("Chinese Foreign Minister Qin Gang",
//     "spokesperson Wang Wenbin") give the role, never the name;
//   - an acronym joins the organisation or place whose initials it spells
//     when both appear ("UN" = "United Nations"), plus a few fixed aliases
//     ("U.S." = "United States");
//   - "the Kremlin", "the White House", "the Pentagon" are organisations.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string>
#include <unordered_map>

#include "facts/ner_features.h"
#include "facts/ner_tagger.h"
#include "storyline/facts.h"

namespace storyline::facts {

const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "person";
    case EntityType::kOrganization: return "organization";
    case EntityType::kLocation: return "location";
    case EntityType::kOther: return "other";
  }
  return "other";
}

namespace {

constexpr EntityType kTypeOfIndex[ner::kNumTypes] = {EntityType::kPerson, EntityType::kOrganization,
                                                     EntityType::kLocation, EntityType::kOther};

// Institutions named by their seat: organisations whatever the tagger says
// (CoNLL tags "Kremlin" as a place), and named with their article.
constexpr auto kSeats = std::to_array<std::string_view>(
    {"kremlin", "white house", "pentagon", "elysee", "élysée", "elysée palace", "élysée palace", "elysee palace",
     "vatican", "blue house", "downing street", "quai d'orsay", "zhongnanhai", "bundestag", "knesset", "duma",
     "state duma"});

bool IsSeat(std::string_view folded) { return std::find(kSeats.begin(), kSeats.end(), folded) != kSeats.end(); }

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

constexpr int kNumTypesPublic = 4;

// Titles that may lead a tagged person name ("Mayor Petra Novak").
constexpr auto kTitleHeadsShort = std::to_array<std::string_view>(
    {"foreign", "prime", "deputy", "vice", "former", "general", "gen.", "sir", "dame", "lord", "lady", "sheikh",
     "emir", "sultan", "ayatollah", "cardinal", "archbishop", "bishop", "rabbi", "imam", "colonel", "col.",
     "captain", "capt.", "lieutenant", "lt.", "sergeant", "sgt.", "admiral", "adm.", "chief", "commander",
     "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "director", "chairman", "coach"});

// Words that make a role when they end the words before a person's name.
constexpr auto kTitleHeads = std::to_array<std::string_view>({
    "president", "minister", "premier", "chancellor", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "governor", "senator", "sen.", "rep.", "representative", "congressman",
    "congresswoman", "mayor", "king", "queen", "prince", "princess", "emperor", "pope", "chairman", "chairwoman",
    "chair", "ceo", "director", "general", "gen.", "commander", "chief", "leader", "head", "official", "diplomat",
    "adviser", "advisor", "aide", "judge", "justice", "attorney", "lawyer", "prosecutor", "economist", "analyst",
    "professor", "prof.", "deputy", "coach", "captain", "manager", "founder", "officer", "colonel", "lieutenant",
    "sergeant", "admiral", "marshal", "commissioner", "president-elect", "dictator", "tsar", "czar", "ayatollah",
    "sheikh", "emir", "sultan", "archbishop", "bishop", "cardinal", "rabbi", "imam", "reverend", "rev.",
    "correspondent", "editor", "author", "vice-president", "secretary-general", "director-general", "premier",
    "mp", "lawmaker", "legislator", "negotiator", "representative", "strongman", "boss", "executive",
    "investor", "billionaire", "activist", "spokesperson", "counsellor", "councillor", "speaker", "chancellor"});

// Lower-case words that may stand inside a role ("foreign ministry spokesperson").
constexpr auto kRoleModifiers = std::to_array<std::string_view>({
    "foreign", "prime", "deputy", "vice", "former", "defence", "defense", "ministry", "state", "chief", "executive",
    "top", "senior", "interior", "finance", "economy", "trade", "national", "security", "general", "press",
    "presidential", "government", "party", "army", "military", "assistant", "acting", "interim", "first",
    "opposition", "white", "house", "of", "foreign-policy", "commerce", "health", "justice", "energy", "affairs",
    "treasury", "central", "bank", "council", "cabinet", "communist", "premier", "late", "incoming", "outgoing"});

struct Tokens {
  std::vector<text::Span> spans;
  std::vector<uint32_t> sentence_starts;
};

void TokenizeArticle(std::string_view text, Tokens* out) {
  out->spans.clear();
  out->sentence_starts.clear();
  for (const text::Span& s : text::SplitSentences(text)) {
    size_t before = out->spans.size();
    ner::TokenizeConll(text, s, &out->spans);
    if (out->spans.size() > before) out->sentence_starts.push_back(static_cast<uint32_t>(before));
  }
}

// TokenizeArticle of the text this thread tokenized last, kept: ReadFacts
// tags a text (TagEntities) and then groups its mentions (GroupEntities),
// and both need its tokens. The text is compared whole, so a different text
// in the same buffer is tokenized again.
const Tokens& TokenizeArticleOnce(std::string_view text) {
  thread_local std::string last;
  thread_local Tokens toks;
  thread_local bool valid = false;
  if (!valid || last != text) {
    valid = false;
    TokenizeArticle(text, &toks);
    last.assign(text);
    valid = true;
  }
  return toks;
}

}  // namespace

namespace {

// Words right before a name that make it a person ("spokesperson Hua
// Chunying", "Chinese leader Xi Jinping"), whatever the tagger said.
constexpr auto kPersonCues = std::to_array<std::string_view>({
    "president", "minister", "premier", "chancellor", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "envoy", "senator", "governor", "mayor", "leader", "counterpart", "chairman", "chairwoman",
    "ceo", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "prof.", "professor", "judge", "pope",
    "king", "queen", "prince", "princess", "sen.", "rep.", "gov.", "president-elect", "vice-president"});

bool IsPersonCue(std::string_view folded) {
  return std::find(kPersonCues.begin(), kPersonCues.end(), folded) != kPersonCues.end();
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = w[0];
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  std::string f = text::FoldCase(w);
  return f.substr(0, 2) != w.substr(0, 2);
}

struct Chunk {
  size_t b, e;         // token range
  int type;            // ner type index
  bool cued = false;   // the type comes from the words around (ContextType)
  bool listed = false; // a place only because text::IsPlaceName knows it
};

constexpr auto kNumberWords = std::to_array<std::string_view>(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
     "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "dozen", "half"});

// "Interior Minister", "Foreign Secretary": the field of a role, no name.
constexpr auto kRoleFields = std::to_array<std::string_view>(
    {"interior", "foreign", "finance", "defence", "defense", "health", "justice", "trade", "economy", "energy",
     "education", "transport", "home", "agriculture", "labour", "labor", "environment", "culture"});
constexpr auto kPersonRoles = std::to_array<std::string_view>({"minister", "secretary", "ministers"});

// A role in an apposition after a name that only a person holds:
// "Esteban Ruiz-Talavera, commander of the fire brigade".
constexpr auto kPersonAppositionRoles = std::to_array<std::string_view>(
    {"commander", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chairperson",
     "director", "governor", "mayor", "minister", "secretary", "professor", "founder", "co-founder", "editor",
     "coach", "ambassador", "senator", "lawyer", "economist", "analyst", "manager", "adviser", "advisor",
     "deputy", "lecturer", "researcher"});

// What a lower-case noun right before a name says it is: "the brokerage
// Cordell Maritime", "the port city of ...", "the asteroid Ambrosine".
constexpr auto kOrganizationKinds = std::to_array<std::string_view>(
    {"company", "firm", "brokerage", "bank", "lender", "insurer", "airline", "retailer", "charity",
     "agency", "broadcaster", "newspaper", "publisher", "startup", "start-up", "manufacturer", "maker",
     "supermarket", "chain", "conglomerate", "consultancy", "regulator", "watchdog", "group", "club", "band",
     "union", "party", "outlet", "website", "think-tank", "organisation", "organization"});
// ... and of groups, which name themselves ("a gang calling itself Greyfin").
constexpr auto kGroupKinds =
    std::to_array<std::string_view>({"gang", "collective", "movement", "network", "faction", "militia"});
constexpr auto kPlaceKinds = std::to_array<std::string_view>(
    {"city", "town", "village", "port", "province", "region", "county", "district", "island", "capital",
     "suburb", "state", "river", "neighbourhood", "neighborhood", "municipality"});
constexpr auto kThingKinds = std::to_array<std::string_view>(
    {"asteroid", "planet", "comet", "probe", "spacecraft", "satellite", "rocket", "telescope", "ship", "vessel",
     "tanker", "hurricane", "typhoon", "cyclone"});
// ... and right after a name: "the Río Palén bridge", "the Lyra probe".
constexpr auto kPlaceKindsAfter = std::to_array<std::string_view>(
    {"bridge", "highway", "motorway", "river", "port", "harbour", "harbor", "airport", "valley", "coast",
     "border", "province", "region", "district"});
constexpr auto kThingKindsAfter =
    std::to_array<std::string_view>({"probe", "spacecraft", "satellite", "rocket", "telescope", "mission"});
// The last word of a street's or square's name.
constexpr auto kStreetWords = std::to_array<std::string_view>(
    {"street", "road", "avenue", "boulevard", "square", "terrace", "highway", "quay"});
constexpr auto kHonorificsLeading = std::to_array<std::string_view>(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof."});
// Prepositions of place: "at Westmere", "into Westmere" ("in" is not one:
// "believe in God").
constexpr auto kPlacePrepositions =
    std::to_array<std::string_view>({"at", "into", "near", "outside", "across", "throughout", "inside"});

bool IsLower(std::string_view w) { return !w.empty() && w[0] >= 'a' && w[0] <= 'z'; }

// The type the words around tokens [b, e) give a name, or -1 when they say
// nothing plain: a leading honorific makes a person; a street word ending
// the name, a kind noun right before or after it, a preposition of place
// before a one-word name the tagger took for a person, or the dateline
// opening an article ("WESTMERE (Meridian Press) —") make a place, an
// organisation or another thing.
int ContextType(std::string_view text, const Tokens& toks, size_t b, size_t e, int tagged) {
  constexpr int kPer = 0, kOrg = 1, kLoc = 2, kOther = 3;
  const std::vector<text::Span>& spans = toks.spans;
  auto word = [&](size_t k) { return text.substr(spans[k].begin, spans[k].size()); };
  auto folded = [&](size_t k) { return text::FoldCase(word(k)); };
  auto possessive = [&](size_t k) { return word(k) == "'s" || word(k) == "\u2019s"; };
  if (e - b >= 2 && In(kHonorificsLeading, folded(b))) return kPer;
  if (e - b >= 2 && In(kStreetWords, folded(e - 1))) return kLoc;
  // The words right before and after the name, folded once.
  const std::string before = b > 0 ? folded(b - 1) : std::string();
  if (b > 0 && IsLower(word(b - 1))) {
    if (In(kOrganizationKinds, before)) return kOrg;
    if (In(kPlaceKinds, before)) return kLoc;
    if (In(kThingKinds, before)) return kOther;
  }
  // "a group calling itself Greyfin", "a hacker gang called Lazarus", "a
  // village named Ostrava": the kind noun before the naming words. "Called",
  // "named" and "dubbed" are verbs as well ("the firm named Ana Ruiz as
  // chief executive", "the board called Ana Ruiz to testify"): a kind noun
  // names only when "a" or "an" brings it in, a few lower-case words before.
  if (b >= 2) {
    size_t k = b - 1;
    if (before == "itself" && folded(k - 1) == "calling") {
      k -= 1;
    } else if (before != "called" && before != "named" && before != "dubbed") {
      k = 0;
    } else {
      bool indefinite = false;
      for (size_t d = k - 1; d >= 1 && d + 4 > k; --d) {  // the three words before the kind noun
        const std::string w = folded(d - 1);
        if (w == "a" || w == "an") {
          indefinite = true;
          break;
        }
        if (!IsLower(word(d - 1))) break;
      }
      if (!indefinite) k = 0;
    }
    if (k >= 1 && IsLower(word(k - 1))) {
      std::string kind = folded(k - 1);
      if (In(kOrganizationKinds, kind) || In(kGroupKinds, kind)) return kOrg;
      if (In(kPlaceKinds, kind)) return kLoc;
    }
  }
  if (e < spans.size() && IsLower(word(e))) {
    const std::string after = folded(e);
    // (Not after an adjective of a people, tagged "other": "the Iranian border".)
    if (tagged != kOther && In(kPlaceKindsAfter, after)) return kLoc;
    if (In(kThingKindsAfter, after)) return kOther;
  }
  // "X, commander of the fire brigade", "X, a professor at ...": an
  // apposition giving a person's role.
  if (tagged != kPer && e + 2 < spans.size() && word(e) == ",") {
    size_t k = e + 1;
    const std::string article = folded(k);
    if ((article == "the" || article == "a" || article == "an") && k + 2 < spans.size()) ++k;
    if (IsLower(word(k)) && In(kPersonAppositionRoles, folded(k))) {
      const std::string link = folded(k + 1);
      if (link == "of" || link == "at" || link == "for") return kPer;
    }
  }
  // "based in Coventry", "born in Temuco": a one-word organisation there is a place.
  if (tagged == kOrg && e - b == 1 && b > 1 && before == "in") {
    const std::string verb = folded(b - 2);
    if (verb == "based" || verb == "headquartered" || verb == "born") return kLoc;
  }
  // "Al Jazeera's Katrina Yu": a "place" of several words that is not one
  // (ICU does not know it) owning a person's name is the person's employer.
  // (One word is left alone: "Britain's Tony Blair", and ICU knows no
  // "Britain".)
  if (tagged == kLoc && e - b >= 2 && e + 2 < spans.size() && possessive(e) && StartsUpper(word(e + 1)) &&
      StartsUpper(word(e + 2)) &&
      !text::IsPlaceName(text::FoldCase(text.substr(spans[b].begin, spans[e - 1].end - spans[b].begin))))
    return kOrg;
  if (tagged == kPer && e - b == 1 && b > 0 && In(kPlacePrepositions, before) &&
      !(e < spans.size() && (possessive(e) || word(e) == "'")))
    return kLoc;
  if (b == 0 && e < spans.size()) {
    bool capitals = true;
    for (size_t k = b; k < e; ++k)
      for (char ch : word(k)) capitals &= !(ch >= 'a' && ch <= 'z');
    const std::string_view next = word(e);
    if (capitals && (next == "(" || next == "," || next == "\u2014" || next == "\u2013"))
      return kLoc;
  }
  return -1;
}

// Whether a word of tokens [b, e) is part of a person's name in the
// tagger's training text ("Casey", "Davis": Antarctic stations too). Words
// with other than ASCII letters are not looked up.
bool InTrainingPersonNames(std::string_view text, const Tokens& toks, size_t b, size_t e) {
  const ner::Lexicon& lexicon = ner::DefaultModel().lexicon();
  for (size_t k = b; k < e; ++k) {
    std::string lower;
    for (char ch : text.substr(toks.spans[k].begin, toks.spans[k].size())) {
      if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
        lower.clear();
        break;
      }
      lower.push_back(static_cast<char>(ch | 0x20));
    }
    constexpr uint8_t kPersonMember = 1 << 0;  // member bits are 1 << type, PER first
    if (!lower.empty() &&
        (lexicon.Find(ner::Lexicon::Key(ner::Lexicon::kMember, ner::HashBytes(lower))) & kPersonMember))
      return true;
  }
  return false;
}

// Article-level corrections of the tagger's chunks (token ranges):
//   - leading titles leave person names ("Mayor Petra Novak" -> "Petra Novak");
//   - a capitalised name right after a person cue is a person;
//   - "Xi and Putin" tagged as one name is two names when a part is a person;
//   - one sense per article: a word that ends or starts a person's full name
//     elsewhere in the article is that person ("Xi", "Kuleba"), and the same
//     surface gets its majority type.
void Correct(std::string_view text, const Tokens& toks, std::vector<Chunk>* chunks) {
  const std::vector<text::Span>& spans = toks.spans;
  auto word = [&](size_t k) { return text.substr(spans[k].begin, spans[k].size()); };
  constexpr int kPer = 0, kOrg = 1, kLoc = 2;
  std::vector<Chunk> out;
  for (Chunk c : *chunks) {
    // A name the tagger has not seen takes its type from the words around
    // it, where they say it plainly (ContextType); "Nine per cent" and
    // "Interior Minister" are no names.
    if (c.e - c.b == 1) {
      const std::string only = text::FoldCase(word(c.b));
      if (In(kNumberWords, only) ||
          (c.e < spans.size() && In(kRoleFields, only) && In(kPersonRoles, text::FoldCase(word(c.e)))))
        continue;
    }
    if (int t = ContextType(text, toks, c.b, c.e, c.type); t >= 0) {
      c.type = t;
      c.cued = true;
    } else if (c.type == kPer && !InTrainingPersonNames(text, toks, c.b, c.e) &&
               text::IsPlaceName(text::FoldCase(text.substr(spans[c.b].begin, spans[c.e - 1].end - spans[c.b].begin)))) {
      // "Kyiv said": a known place's name the tagger took for a person
      // (unless the article names a person so: one sense per article below).
      c.type = kLoc;
      c.listed = true;
    }
    // Person cue before a capitalised name.
    if (c.type != kPer && c.b > 0 && c.e - c.b <= 4 && IsPersonCue(text::FoldCase(word(c.b - 1)))) {
      bool all_upper = true;
      for (size_t k = c.b; k < c.e; ++k) all_upper &= StartsUpper(word(k));
      std::string f = text::FoldCase(text.substr(spans[c.b].begin, spans[c.e - 1].end - spans[c.b].begin));
      if (all_upper && !IsSeat(f)) c.type = kPer;
    }
    if (c.type == kPer) {
      while (c.e - c.b > 1 && (IsPersonCue(text::FoldCase(word(c.b))) ||
                               In(kTitleHeadsShort, text::FoldCase(word(c.b)))))
        ++c.b;
    }
    // "A and B" tagged as one person: two people.
    size_t split = 0;
    for (size_t k = c.b + 1; k + 1 < c.e; ++k)
      if (word(k) == "and" || word(k) == "&" || word(k) == ",") split = k;
    if (split && c.type == kPer) {
      out.push_back({c.b, split, c.type, c.cued});
      out.push_back({split + 1, c.e, c.type, c.cued});
      continue;
    }
    out.push_back(c);
  }
  // "US Secretary of State Antony Blinken", "Vice President Kamala Harris"
  // tagged as one organisation: a role and then a person's name. The name
  // (the capitalised words after the role's last word) is the person; the
  // role is left to RoleBefore.
  for (Chunk& c : out) {
    if (c.type != kOrg || c.e - c.b < 3) continue;
    size_t name_b = c.e;
    while (name_b > c.b && StartsUpper(word(name_b - 1))) {
      const std::string f = text::FoldCase(word(name_b - 1));
      if (In(kTitleHeads, f) || In(kRoleModifiers, f)) break;
      --name_b;
    }
    // (The loop stopped at a role word, or at a lower-case word: no role.)
    const size_t name_words = c.e - name_b;
    if (name_b == c.b || name_words < 2 || name_words > 3 || !StartsUpper(word(name_b - 1))) continue;
    bool role = false;
    for (size_t k = c.b; k < name_b; ++k) role |= In(kTitleHeads, text::FoldCase(word(k)));
    if (!role) continue;
    c.b = name_b;
    c.type = kPer;
  }
  // "Ministry of Foreign Affairs" tagged as "Foreign Affairs": the name
  // runs back over "of" to the institution ("Bank of England", "University
  // of Chicago") and a capitalised word before it ("Chinese Ministry of
  // ..."), which leaves its own chunk; after a role ("Minister of Foreign
  // Affairs") it is part of the role, no organisation.
  constexpr auto kInstitutions = std::to_array<std::string_view>(
      {"ministry", "department", "bank", "university", "institute", "council", "office", "bureau", "commission",
       "academy", "court", "chamber", "board", "federation", "association", "union", "school", "college",
       "museum", "agency", "committee", "house", "state", "republic", "people's"});
  constexpr auto kRoles = std::to_array<std::string_view>(
      {"minister", "ministers", "secretary", "secretaries", "director", "governor", "president", "head"});
  constexpr auto kJoinedBodies = std::to_array<std::string_view>(
      {"union", "association", "federation", "confederation", "council", "society", "institute", "commission",
       "board", "authority", "foundation", "alliance"});
  std::vector<Chunk> joined;
  for (size_t i = 0; i < out.size(); ++i) {
    Chunk c = out[i];
    if (c.type == kOrg && c.b >= 2 && word(c.b - 1) == "of" && StartsUpper(word(c.b - 2))) {
      const std::string head = text::FoldCase(word(c.b - 2));
      if (In(kRoles, head)) continue;  // part of a role
      if (In(kInstitutions, head)) {
        c.b -= 2;
        // (not a sentence's first word: its capital says nothing)
        if (c.b >= 1 && StartsUpper(word(c.b - 1)) &&
            !std::binary_search(toks.sentence_starts.begin(), toks.sentence_starts.end(),
                                static_cast<uint32_t>(c.b - 1))) {
          --c.b;
          if (!joined.empty() && joined.back().e > c.b) joined.pop_back();  // "Chinese" alone
        }
      }
    }
    // "Amalgamated Dock and Harbour Workers' Union" tagged as two
    // organisations: a body whose name joins two fields with "and" ends in
    // a word for the body, which the part before "and" lacks ("Microsoft
    // and Google", "the Teamsters Union and the Federation" stay two).
    if (c.type == kOrg && !joined.empty() && joined.back().type == kOrg && c.b >= 1 && joined.back().e + 1 == c.b &&
        word(c.b - 1) == "and" && In(kJoinedBodies, text::FoldCase(word(c.e - 1))) &&
        !In(kInstitutions, text::FoldCase(word(joined.back().e - 1))) &&
        !In(kJoinedBodies, text::FoldCase(word(joined.back().e - 1)))) {
      joined.back().e = c.e;
      joined.back().cued = joined.back().cued || c.cued;
      continue;
    }
    joined.push_back(c);
  }
  out = std::move(joined);
  auto folded = [&](const Chunk& c) {
    return text::FoldCase(text.substr(spans[c.b].begin, spans[c.e - 1].end - spans[c.b].begin));
  };
  // Person names of the article: whole names, first and last words.
  std::unordered_map<std::string, int> name_parts;
  for (const Chunk& c : out) {
    if (c.type != kPer) continue;
    name_parts[folded(c)]++;
    if (c.e - c.b >= 2) {
      name_parts[text::FoldCase(word(c.b))]++;
      name_parts[text::FoldCase(word(c.e - 1))]++;
    }
  }
  // "Xi and Putin" tagged as one organisation: two names when a part is a person's.
  std::vector<Chunk> split_out;
  for (const Chunk& c : out) {
    size_t split = 0;
    for (size_t k = c.b + 1; k + 1 < c.e; ++k)
      if (word(k) == "and") split = k;
    if (split && c.type != kPer) {
      Chunk a{c.b, split, kPer}, b{split + 1, c.e, kPer};
      if (name_parts.count(folded(a)) || name_parts.count(folded(b))) {
        split_out.push_back(a);
        split_out.push_back(b);
        continue;
      }
    }
    split_out.push_back(c);
  }
  out = std::move(split_out);
  // One sense per article. What the words around a name say plainly
  // outweighs the tagger's guesses at a name it has not seen ("the asteroid
  // Ambrosine" once, "Ambrosine" tagged a person three times).
  // A word of a person's name stays a place when the tagger calls it one
  // twice, not when only the list of places does ("Charles Darwin ...
  // Darwin said ... Darwin wrote").
  constexpr int kCuedVotes = 3;
  std::unordered_map<std::string, std::array<int, kNumTypesPublic>> votes;
  std::unordered_map<std::string, int> tagged_places;  // votes for a place but the list's
  for (const Chunk& c : out) {
    const std::string f = folded(c);
    const int weight = c.cued ? kCuedVotes : 1;
    votes[f][c.type] += weight;
    if (c.type == kLoc && !c.listed) tagged_places[f] += weight;
  }
  for (Chunk& c : out) {
    std::string f = folded(c);
    const auto& v = votes[f];
    if (c.e - c.b == 1 && c.type != kPer && !c.cued && name_parts.count(f) &&
        !(c.type == kLoc && tagged_places[f] >= 2)) {
      c.type = kPer;
      continue;
    }
    int best = c.type;
    for (int t = 0; t < kNumTypesPublic; ++t)
      if (v[t] > v[best] || (v[t] == v[best] && t == kPer && v[t] > 0)) best = t;
    c.type = best;
  }
  *chunks = std::move(out);
}

}  // namespace

std::vector<Mention> TagEntities(std::string_view text) {
  thread_local ner::Document doc;
  thread_local std::vector<uint8_t> tags;
  thread_local std::vector<Chunk> chunks;
  const Tokens& toks = TokenizeArticleOnce(text);
  doc.tokens.clear();
  for (const text::Span& s : toks.spans) doc.tokens.push_back(text.substr(s.begin, s.size()));
  doc.sentence_starts = toks.sentence_starts;
  ner::TagDocument(doc, &tags);
  chunks.clear();
  const size_t n = tags.size();
  size_t si = 0;
  for (size_t i = 0; i < n;) {
    if (tags[i] == 0) {
      ++i;
      continue;
    }
    int type = ner::TagType(tags[i]);
    while (si + 1 < toks.sentence_starts.size() && toks.sentence_starts[si + 1] <= i) ++si;
    size_t sentence_end = si + 1 < toks.sentence_starts.size() ? toks.sentence_starts[si + 1] : n;
    size_t j = i + 1;
    while (j < sentence_end && ner::TagIsInside(tags[j]) && ner::TagType(tags[j]) == type) ++j;
    chunks.push_back({i, j, type});
    i = j;
  }
  Correct(text, toks, &chunks);
  std::vector<Mention> out;
  out.reserve(chunks.size());
  for (const Chunk& c : chunks) {
    Mention m{{toks.spans[c.b].begin, toks.spans[c.e - 1].end}, kTypeOfIndex[c.type]};
    if (m.type != EntityType::kOrganization && m.span.size() <= 24 &&
        IsSeat(text::FoldCase(text.substr(m.span.begin, m.span.size()))))
      m.type = EntityType::kOrganization;
    out.push_back(m);
  }
  return out;
}

// ---- Grouping -------------------------------------------------------------------------

namespace {

constexpr auto kHonorifics = std::to_array<std::string_view>(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "madame", "mme", "mme.", "lord", "lady"});

constexpr auto kDeterminers = std::to_array<std::string_view>(
    {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "by", "and", "with"});

bool IsUpperStart(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = w[0];
  if (c < 0x80) return std::isupper(c);
  return text::FoldCase(w.substr(0, std::min<size_t>(w.size(), 4))) != w.substr(0, std::min<size_t>(w.size(), 4));
}

bool IsAllUpperAscii(std::string_view w) {
  bool any = false;
  for (unsigned char c : w) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) any = true;
  }
  return any;
}

// Surface text of a mention: curly apostrophes folded, no leading "the",
// no trailing possessive, single spaces.
std::string CleanSurface(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      out += '\'';
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  for (std::string_view p : {"the ", "The ", "THE "})
    if (out.size() > p.size() && out.compare(0, p.size(), p) == 0) out.erase(0, p.size());
  if (out.size() > 2 && (out.ends_with("'s") || out.ends_with("'S"))) out.resize(out.size() - 2);
  else if (out.size() > 1 && out.back() == '\'') out.pop_back();
  return out;
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Initials of a multi-word name ("United Nations" -> "UN"), function words skipped.
std::string Initials(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    std::string f = text::FoldCase(w);
    if (f == "of" || f == "the" || f == "and" || f == "for" || f == "on" || f == "de" || f == "&") continue;
    for (size_t k = 0; k < w.size();) {
      // Hyphenated parts count ("Asia-Pacific" -> "AP").
      unsigned char c = w[k];
      if (std::isalpha(c)) out += static_cast<char>(std::toupper(c));
      size_t h = w.find('-', k);
      if (h == std::string::npos) break;
      k = h + 1;
    }
  }
  return out;
}

// "U.S." -> "US"; "" unless the surface is an all-caps acronym of 2-6 letters.
std::string AcronymOf(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '.') continue;
    if (!std::isupper(c)) return "";
    out += static_cast<char>(c);
  }
  return out.size() >= 2 && out.size() <= 6 ? out : "";
}

struct Surface {
  std::string key;                      // folded clean surface
  std::vector<std::string> words;       // folded words
  std::map<std::string, int> forms;     // clean surface as written -> count
  std::array<int, 4> type_counts{};     // by EntityType
  std::vector<size_t> mentions;         // indexes into the mention list
  size_t first = 0;                     // first mention's offset
  EntityType type = EntityType::kOther;
  int group = -1;
  std::string Display() const {
    // Most frequent form, preferring one that is not all capitals.
    const std::string* best = nullptr;
    int best_count = -1;
    bool best_caps = true;
    for (const auto& [form, count] : forms) {
      bool caps = IsAllUpperAscii(form) && form.size() > 6;
      if (best == nullptr || (best_caps && !caps) || (caps == best_caps && count > best_count)) {
        best = &form;
        best_count = count;
        best_caps = caps;
      }
    }
    return best ? *best : key;
  }
};

struct Group {
  EntityType type;
  std::vector<int> surfaces;
  std::map<std::string, int> roles;
};

// The role words before a person mention at token index `t` (text spans),
// or an empty span.
text::Span RoleBefore(std::string_view text, const std::vector<text::Span>& spans, size_t sentence_begin, size_t t,
                      const std::vector<uint8_t>& in_person) {
  if (t == 0 || t <= sentence_begin) return {};
  size_t j = t;  // role is tokens [first, last]
  // Skip an honorific right before the name ("President Mr. Lee" is rare; "Mr. Lee" has no role).
  auto word = [&](size_t k) { return text.substr(spans[k].begin, spans[k].size()); };
  long last = -1, first = -1;
  for (size_t k = j; k-- > sentence_begin;) {
    if (in_person[k]) break;
    std::string f = text::FoldCase(word(k));
    if (In(kHonorifics, f)) break;  // "Mr. Lee": no role
    if (In(kDeterminers, f)) break;
    bool head = In(kTitleHeads, f);
    bool modifier = In(kRoleModifiers, f);
    bool cap = IsUpperStart(word(k));
    if (last < 0) {
      if (!head) break;  // the word right before the name must be a title
      last = first = static_cast<long>(k);
      continue;
    }
    if (f == "of") {
      // "Secretary of State Antony Blinken": "of" only between role words.
      if (k == sentence_begin) break;
      first = static_cast<long>(k);
      continue;
    }
    if (head || modifier || cap) {
      // A capitalised word that starts the sentence and is not a role word
      // ("Yesterday President X") ends the role.
      if (cap && !head && !modifier && k == sentence_begin && spans.size() > k + 1) {
        std::string_view w = word(k);
        if (w == "Yesterday" || w == "Today" || w == "But" || w == "And" || w == "When" || w == "After") break;
      }
      unsigned char c0 = word(k)[0];
      if (!cap && !head && !modifier) break;
      if (c0 == '"' || c0 == '(' || c0 == ',') break;
      first = static_cast<long>(k);
      continue;
    }
    break;
  }
  if (last < 0) return {};
  // No dangling "of" at the front.
  while (first < last && text::FoldCase(word(first)) == "of") ++first;
  // Relative roles ("his counterpart") are not titles.
  return {spans[first].begin, spans[last].end};
}

}  // namespace

std::string_view FixedAlias(std::string_view folded_name) {
  static const std::map<std::string_view, std::string_view> kAliases = {
      {"us", "united states"},   {"u.s.", "united states"},   {"usa", "united states"},
      {"u.s.a.", "united states"}, {"america", "united states"}, {"uk", "united kingdom"},
      {"u.k.", "united kingdom"}, {"britain", "united kingdom"}, {"great britain", "united kingdom"},
      {"un", "united nations"},  {"u.n.", "united nations"},   {"eu", "european union"},
      {"nato", "north atlantic treaty organization"}, {"kiev", "kyiv"},
  };
  auto it = kAliases.find(folded_name);
  return it == kAliases.end() ? std::string_view() : it->second;
}

std::vector<Entity> GroupEntities(std::string_view text, const std::vector<Mention>& mentions) {
  std::vector<Entity> result;
  if (mentions.empty()) return result;
  // Tokens, to find the words before each mention.
  const Tokens& toks = TokenizeArticleOnce(text);  // nothing below tokenizes another text
  const auto& spans = toks.spans;
  std::vector<uint8_t> in_person(spans.size(), 0);
  std::vector<size_t> mention_token(mentions.size(), SIZE_MAX);
  {
    size_t k = 0;
    for (size_t m = 0; m < mentions.size(); ++m) {
      const Mention& mm = mentions[m];
      while (k < spans.size() && spans[k].end <= mm.span.begin) ++k;
      if (k < spans.size() && spans[k].begin >= mm.span.begin) mention_token[m] = k;
      if (mm.type == EntityType::kPerson)
        for (size_t q = k; q < spans.size() && spans[q].begin < mm.span.end; ++q) in_person[q] = 1;
    }
  }
  auto sentence_of = [&](size_t tok) {
    auto it = std::upper_bound(toks.sentence_starts.begin(), toks.sentence_starts.end(), static_cast<uint32_t>(tok));
    return it == toks.sentence_starts.begin() ? 0 : *(it - 1);
  };

  // ---- Surfaces ----
  std::vector<Surface> surfaces;
  std::unordered_map<std::string, int> by_key;
  std::vector<int> mention_surface(mentions.size(), -1);
  std::vector<std::string> mention_role(mentions.size());
  for (size_t m = 0; m < mentions.size(); ++m) {
    const Mention& mm = mentions[m];
    if (mm.span.end > text.size() || mm.span.begin >= mm.span.end) continue;
    std::string clean = CleanSurface(text.substr(mm.span.begin, mm.span.size()));
    EntityType type = mm.type;
    // A person mention that starts with title words ("President Xi"): the
    // title is a role, not part of the name.
    if (type == EntityType::kPerson) {
      auto words = SplitWords(clean);
      size_t cut = 0;
      while (cut + 1 < words.size()) {
        std::string f = text::FoldCase(words[cut]);
        if (In(kTitleHeads, f) || In(kHonorifics, f)) ++cut;
        else break;
      }
      if (cut > 0) {
        std::string role;
        for (size_t q = 0; q < cut; ++q) {
          if (In(kHonorifics, text::FoldCase(words[q]))) continue;
          role += (role.empty() ? "" : " ") + words[q];
        }
        if (!role.empty()) mention_role[m] = role;
        std::string rest;
        for (size_t q = cut; q < words.size(); ++q) rest += (rest.empty() ? "" : " ") + words[q];
        clean = rest;
      }
      size_t t = mention_token[m];
      if (t != SIZE_MAX && mention_role[m].empty()) {
        text::Span r = RoleBefore(text, spans, sentence_of(t), t, in_person);
        if (r.size() > 0) mention_role[m] = CleanSurface(text.substr(r.begin, r.size()));
      }
    }
    if (clean.empty()) continue;
    std::string key = text::FoldCase(clean);
    if (IsSeat(key)) type = EntityType::kOrganization;
    auto [it, inserted] = by_key.try_emplace(key, static_cast<int>(surfaces.size()));
    if (inserted) {
      Surface s;
      s.key = key;
      s.words = SplitWords(key);
      s.first = mm.span.begin;
      surfaces.push_back(std::move(s));
    }
    Surface& s = surfaces[it->second];
    s.forms[clean]++;
    s.type_counts[static_cast<int>(type)]++;
    s.mentions.push_back(m);
    mention_surface[m] = it->second;
  }
  for (Surface& s : surfaces) {
    int best = 0;
    for (int t = 1; t < 4; ++t)
      if (s.type_counts[t] > s.type_counts[best]) best = t;
    s.type = static_cast<EntityType>(best);
  }

  // ---- Groups ----
  std::vector<Group> groups;
  // Person groups by each run of words that begins or ends their head name
  // and is shorter than it, in creation order: the groups a shorter person
  // name may join, found without a scan of all groups (the scan made a long
  // text of thousands of names quadratic).
  constexpr size_t kMaxAffixWords = 16;  // no shorter name is that long
  auto affix_key = [](const std::vector<std::string>& words, size_t from, size_t to) {
    std::string key;
    for (size_t i = from; i < to; ++i) {
      if (i > from) key += '\x1f';
      key += words[i];
    }
    return key;
  };
  std::unordered_map<std::string, std::vector<int>> person_groups_by_affix;
  auto new_group = [&](int si) {
    groups.push_back(Group{surfaces[si].type, {si}, {}});
    const int g = static_cast<int>(groups.size()) - 1;
    surfaces[si].group = g;
    if (groups[g].type != EntityType::kPerson) return;
    const std::vector<std::string>& hw = surfaces[si].words;
    for (size_t len = 1; len < hw.size() && len <= kMaxAffixWords; ++len)
      for (std::string key : {affix_key(hw, 0, len), affix_key(hw, hw.size() - len, hw.size())}) {
        std::vector<int>& list = person_groups_by_affix[key];
        if (list.empty() || list.back() != g) list.push_back(g);
      }
  };
  // Longest names first, then the earliest.
  std::vector<int> order(surfaces.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const Surface &x = surfaces[a], &y = surfaces[b];
    if (x.words.size() != y.words.size()) return x.words.size() > y.words.size();
    if (x.key.size() != y.key.size()) return x.key.size() > y.key.size();
    return x.first < y.first;
  });
  auto group_mentions = [&](int g) {
    size_t n = 0;
    for (int si : groups[g].surfaces) n += surfaces[si].mentions.size();
    return n;
  };
  // Persons: a shorter name joins the longer full name it begins or ends.
  // The person group with the most mentions (the first of them) whose head
  // name begins or ends with all of `s`'s words.
  auto person_match = [&](const Surface& s) -> int {
    int best = -1;
    size_t best_n = 0;
    if (s.words.empty() || s.words.size() > kMaxAffixWords) return best;
    auto it = person_groups_by_affix.find(affix_key(s.words, 0, s.words.size()));
    if (it == person_groups_by_affix.end()) return best;
    for (int g : it->second) {
      size_t n = group_mentions(g);
      if (best < 0 || n > best_n) {
        best = g;
        best_n = n;
      }
    }
    return best;
  };
  for (int si : order) {
    Surface& s = surfaces[si];
    if (s.type != EntityType::kPerson) continue;
    int g = person_match(s);
    if (g >= 0) {
      groups[g].surfaces.push_back(si);
      s.group = g;
    } else {
      new_group(si);
    }
  }
  // Other one-word surfaces also tagged as a person somewhere, or not places,
  // that name a known person ("Xi" once tagged as an organisation).
  for (int si : order) {
    Surface& s = surfaces[si];
    if (s.group >= 0) continue;
    bool person_like = s.type_counts[0] > 0 || (s.words.size() == 1 && s.type == EntityType::kOther);
    if (!person_like || IsSeat(s.key)) continue;
    int g = person_match(s);
    if (g >= 0) {
      groups[g].surfaces.push_back(si);
      s.group = g;
    }
  }
  // Organisations, places, others: same name; fixed aliases; acronyms.
  std::map<std::string, int> canonical_group;  // folded canonical -> group
  for (int si : order) {
    Surface& s = surfaces[si];
    if (s.group >= 0) continue;
    std::string_view fixed = FixedAlias(s.key);
    std::string canon = fixed.empty() ? s.key : std::string(fixed);
    auto it = canonical_group.find(canon);
    if (it == canonical_group.end() && !fixed.empty()) {
      // The full form may be present as its own surface.
      auto k = by_key.find(canon);
      if (k != by_key.end() && surfaces[k->second].group >= 0 &&
          groups[surfaces[k->second].group].type != EntityType::kPerson)
        it = canonical_group.emplace(canon, surfaces[k->second].group).first;
    }
    if (it != canonical_group.end()) {
      groups[it->second].surfaces.push_back(si);
      s.group = it->second;
      continue;
    }
    new_group(si);
    canonical_group[canon] = s.group;
  }
  // Acronyms: "UN" joins "United Nations" (organisations and places). The
  // groups of names of two words or more, by their initials, in group order.
  std::unordered_map<std::string, std::vector<int>> groups_by_initials;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].type == EntityType::kPerson || groups[g].surfaces.empty()) continue;
    const Surface& head = surfaces[groups[g].surfaces[0]];
    if (head.words.size() < 2 || head.forms.empty()) continue;
    groups_by_initials[Initials(SplitWords(head.forms.begin()->first))].push_back(static_cast<int>(g));
  }
  for (int si : order) {
    Surface& s = surfaces[si];
    if (s.type == EntityType::kPerson) continue;
    std::string acro;
    for (const auto& [form, count] : s.forms) {
      acro = AcronymOf(form);
      if (!acro.empty()) break;
    }
    if (acro.empty()) continue;
    Group& own = groups[s.group];
    if (own.surfaces.size() > 1 && own.surfaces[0] != si) continue;  // already joined
    auto candidates = groups_by_initials.find(acro);
    if (candidates == groups_by_initials.end()) continue;
    for (int g : candidates->second) {
      // (A group emptied by an earlier move has no head any more.)
      if (g == s.group || groups[g].surfaces.empty()) continue;
      // Move every surface of the acronym's group into the full name's group.
      int from = s.group;
      for (int moved : groups[from].surfaces) {
        surfaces[moved].group = static_cast<int>(g);
        groups[g].surfaces.push_back(moved);
      }
      groups[from].surfaces.clear();
      break;
    }
  }

  // ---- Roles and titled forms ----
  for (size_t m = 0; m < mentions.size(); ++m) {
    int si = mention_surface[m];
    if (si < 0 || mention_role[m].empty()) continue;
    Group& g = groups[surfaces[si].group];
    if (g.type != EntityType::kPerson) continue;
    g.roles[mention_role[m]]++;
  }

  // ---- Entities ----
  for (Group& g : groups) {
    if (g.surfaces.empty()) continue;
    Entity e;
    e.type = g.type;
    // Canonical: the longest full form (the head: most words, then longest).
    int head = g.surfaces[0];
    for (int si : g.surfaces) {
      const Surface &a = surfaces[si], &b = surfaces[head];
      if (a.words.size() > b.words.size() || (a.words.size() == b.words.size() && a.key.size() > b.key.size()))
        head = si;
    }
    // Acronym groups and fixed aliases: prefer the spelled-out form.
    e.name = surfaces[head].Display();
    if (e.type == EntityType::kOrganization && IsSeat(surfaces[head].key)) e.name = "the " + e.name;
    // Aliases: the other forms, most frequent first.
    std::vector<std::tuple<int, size_t, std::string>> aliases;  // -count, first, form
    std::map<std::string, std::pair<int, size_t>> forms;
    for (int si : g.surfaces) {
      const Surface& s = surfaces[si];
      for (const auto& [form, count] : s.forms) {
        auto& f = forms[form];
        f.first += count;
        f.second = f.second ? std::min(f.second, s.first + 1) : s.first + 1;
      }
      for (size_t m : s.mentions) e.mentions.push_back(mentions[m].span);
    }
    for (const auto& [form, cf] : forms) {
      if (form == e.name || "the " + form == e.name) continue;
      aliases.emplace_back(-cf.first, cf.second, form);
    }
    std::sort(aliases.begin(), aliases.end());
    for (auto& a : aliases) e.aliases.push_back(std::get<2>(a));
    std::sort(e.mentions.begin(), e.mentions.end(),
              [](const text::Span& a, const text::Span& b) { return a.begin < b.begin; });
    // Role: the longest stated, most frequent on ties; relative roles skipped.
    int best_count = 0;
    for (const auto& [role, count] : g.roles) {
      std::string f = text::FoldCase(role);
      if (f.find("counterpart") != std::string::npos) continue;
      if (e.role.empty() || role.size() > e.role.size() || (role.size() == e.role.size() && count > best_count)) {
        e.role = role;
        best_count = count;
      }
    }
    result.push_back(std::move(e));
  }
  // Most mentioned first, then by first mention.
  std::stable_sort(result.begin(), result.end(), [](const Entity& a, const Entity& b) {
    if (a.mentions.size() != b.mentions.size()) return a.mentions.size() > b.mentions.size();
    return a.mentions[0].begin < b.mentions[0].begin;
  });
  return result;
}

}  // namespace storyline::facts
