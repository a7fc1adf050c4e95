// Quotes with speakers: direct quotes, partial quotes inside reported speech
// and indirect speech. See storyline/facts.h.
//
// Method (rule-based, one pass per paragraph, no allocation per byte):
//  1. Tokenise a paragraph into words, punctuation and quotation marks; pair
//     the marks (" “ ” „ « » `` ''), an unclosed quotation running to the end
//     of the paragraph (multi-paragraph quotes); each quotation becomes one
//     item of the paragraph's item list.
//  2. Split the items into sentences (never inside a quotation).
//  3. In each sentence find cue words and their speaker. For the word forms
//     that head cues in PolNeAR train, a learned model (quote_model.h: an
//     averaged perceptron over the word and its neighbourhood) decides; other
//     forms come from the lexicon (verbs of saying, quote_cues.inc); a
//     model-scored word with a speaker found is then kept or dropped by the cue
//     filter (quote_model::CueFilter: cue score, speaker kind and side, words
//     around), which also takes words scored under the model's threshold; plus
//     "according to", a poll named at the sentence start ("In the new X poll, ...")
//     and, in a sentence with no other cue, a name's colon. The speaker: the
//     subject before the cue ("X said", "X, an analyst at Y, said", "X is
//     calling for", "others who want Y said"), the noun phrase after it when
//     the cue follows a quote or a comma ("..., said X, a professor"), the
//     clause subject for participles (", saying"), infinitives ("went on CNN
//     to declare") and coordinated cues ("... and said"). The mention keeps
//     its appositive and a restrictive relative clause (as PolNeAR marks
//     sources); the name inside it is what gets resolved.
//  4. Quotations that stand as a clause (sentence start, after ':' or ',' or
//     the cue) are direct quotes, attributed to the nearest cue of the
//     sentence, else to the "X said:" that introduces them, else (a quote
//     running on from the previous sentence or paragraph) to the previous
//     quote's speaker. Other quotations are partial quotes when a cue with a
//     speaker precedes them in the sentence (scare quotes are dropped).
//     Indirect speech: "X said (that) CONTENT", "CONTENT, X said",
//     "according to X, CONTENT", "CONTENT, according to X".
//     A cue none of these patterns used still gives an indirect quote (the
//     rest of its clause), and the forms the model lists as sourceless
//     ("expected", "seemed", "reportedly") give quotes with no speaker.
//  5. Speakers are resolved in text order: pronouns ("he", "it", "who") and
//     definite descriptions ("the spokesman", "the statement") to the previous
//     compatible speaker; titles are stripped ("Kremlin spokesperson Dmitry
//     Peskov" gives "Dmitry Peskov"); a surname alone takes the full name seen
//     earlier; names are mapped to the canonical name of `entities`.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "facts/form_set.h"
#include "facts/quote_model.h"
#include "storyline/facts.h"

namespace storyline::facts {
namespace {

using text::Span;

// ---- Lexicons ---------------------------------------------------------------------

struct CueEntry {
  const char* form;
  float weight;
  int count;
};
constexpr CueEntry kLearned[] = {
#include "facts/quote_cues.inc"
};

// Reporting verbs whose complement is what was said (a clause or a quote).
// Only those the learned lexicon confirms (weight >= kMinCueWeight) are used,
// plus the forms marked '+' that are too rare in PolNeAR to be learned.
constexpr float kMinCueWeight = 0.30f;
// Items (words, punctuation, quotation marks) past which a sentence is read
// in pieces (see the sentence loop).
constexpr int kMaxSentenceItems = 400;
// Bounds on looking back for who a pronoun or a surname is (see Finder::Emit
// and Finder::Expand): a news article names a few dozen speakers.
constexpr size_t kSpeakerMemory = 256;
constexpr int kMaxNameLookups = 64;
// How far back a pronoun's speaker is looked for among the sentences'
// subjects (Finder::ParagraphSubjectBefore).
constexpr size_t kSubjectWindow = 1500;
constexpr const char* kClausal[] = {
    "according", "added", "adding", "adds", "admits", "admitted", "acknowledged", "acknowledging",
    "announced", "announcing", "answered", "argue", "argued", "argues", "arguing", "asked",
    "asserted", "assured", "boasted", "cautioned", "claimed", "claiming", "complained", "conceded",
    "concluded", "confirmed", "continued", "declared", "declaring", "emphasized", "explained",
    "explaining", "explains", "indicated", "insist", "insisted", "insisting", "insists", "joked",
    "noted", "notes", "noting", "predicted", "promised", "recalled", "reiterated", "remarked",
    "replied", "reported", "responded", "revealed", "said", "say", "saying", "says", "stated",
    "stating", "stressed", "suggested", "suggests", "suggesting", "tells", "telling", "told",
    "tweeted", "urged", "vowed", "warned", "wrote", "writes",
    // '+': rare in US political news, common in wire copy.
    "+announces", "+stresses", "+warns", "+emphasised",
    "+stressing", "+reiterating", "+confirms", "+denied", "+denies", "+quoted",
    "+underlined", "+underscored", "+cautions", "+urges"};

// Verbs whose object is the hearer: "told reporters that ...".
constexpr const char* kHearerVerbs[] = {"told", "tells", "telling", "assured", "warned", "urged",
                                        "reminded", "asked", "informed", "+urges", "warns"};


// Learned forms whose quotes, as these rules find them, PolNeAR train confirms
// (cue and speaker) less than a quarter of the time over >= 15 predictions:
// "seemed"/"appeared" take a subject that is rarely the marked source.
bool IsExcludedCue(std::string_view form) {
  return form == "seemed" || form == "seems" || form == "appeared" || form == "backing" || form == "claiming";
}

struct Lexicon {
  std::unordered_map<std::string_view, float> cues;  // form -> learned weight
  // The same, as asked of every word: cue_weights[cue_forms.IndexOf(form)].
  FormSet cue_forms;
  std::vector<float> cue_weights;
  // Word sets asked of most words (open addressing: most words are in none).
  FormSet speech;  // verbs of saying (kClausal)
  FormSet bad_content_start, hearer, skip_before, adjunct_words, stop_np, title_words, org_words,
      sentence_adverbs, pronouns, time_words;
  // Verbs of talking that take whom one talked with, not what was said.
  FormSet contentless_talk;
  // Prepositions after a channel's participle ("posted on", "released by").
  FormSet channel_preposition;
  // Words that open a new clause after ", X said, ...".
  FormSet clause_after_attribution;
  Lexicon() {
    std::vector<std::string> speech_forms, hearer_forms;
    std::unordered_map<std::string_view, float> learned;
    for (const auto& e : kLearned) learned.emplace(e.form, e.weight);
    for (const char* s : kClausal) {
      speech_forms.emplace_back(*s == '+' ? s + 1 : s);
      if (*s == '+') {
        cues.emplace(s + 1, 0.5f);
        continue;
      }
      auto it = learned.find(s);
      if (it != learned.end() && it->second >= kMinCueWeight) cues.emplace(s, it->second);
    }
    // Every learned form is a cue too: verbs of attribution beyond saying ("criticized",
    // "praised", "called for", "found") have their speaker as subject and what is
    // attributed as complement, as PolNeAR marks them.
    for (const auto& e : kLearned)
      if (e.weight >= kMinCueWeight && !IsExcludedCue(e.form)) cues.emplace(e.form, e.weight);
    for (const char* s : kHearerVerbs) hearer_forms.emplace_back(*s == '+' ? s + 1 : s);
    speech.Assign(std::move(speech_forms));
    hearer.Assign(std::move(hearer_forms));
    auto add = [](FormSet& set, const char* words) {
      std::vector<std::string> forms;
      std::string_view w(words);
      while (!w.empty()) {
        size_t sp = w.find(' ');
        if (sp == std::string_view::npos) sp = w.size();
        if (sp > 0) forms.emplace_back(w.substr(0, sp));
        w.remove_prefix(std::min(w.size(), sp + 1));
      }
      set.Assign(std::move(forms));
    };
    add(skip_before,
        "also has have had previously later then again repeatedly once earlier recently "
        "reportedly would will is was not further publicly separately subsequently quickly "
        "originally initially first already similarly likewise did does do could may might "
        "had've n't never often still even just formally officially privately");
    add(adjunct_words,
        "on in at during via through over with the a an his her its their this that's regular "
        "daily weekly joint televised written brief statement statements interview interviews "
        "briefing briefings news conference press speech post posts tweet tweets email emails "
        "letter report video message remarks call phone television radio website blog column "
        "book op-ed appearance event rally hearing meeting session summit radio broadcast "
        "podcast by to late early last next this week month year morning afternoon evening night "
        "day days weeks earlier later");
    add(time_words,
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
        "earlier later previously also again repeatedly publicly recently late early last this "
        "next morning afternoon evening night week month year on");
    add(stop_np,
        "that but and while because as when if after before since although though so where or "
        "what how why whether than to in on at with by from during into about over under "
        "against who which whom whose said says told according is was are were be been has "
        "have had will would can could should may might must do does did not also it's there "
        "then this these those");
    add(title_words,
        "president vice prime minister foreign secretary spokesman spokeswoman spokesperson "
        "mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt. prof. rev. senator governor "
        "representative general chancellor premier king queen prince pope chief director "
        "ambassador envoy chairman chairwoman ceo mayor judge justice deputy state ministry "
        "chinese russian american ukrainian british french german former acting");
    add(org_words,
        "kremlin ministry house department office government party council committee agency "
        "times post news reuters xinhua tass ap afp bloomberg cnn cnbc bbc campaign fund bank "
        "court commission association union congress senate institute center centre university "
        "administration statement embassy army military police company corporation inc. corp. "
        "group organization organisation board bureau authority authorities foundation "
        "network journal magazine newspaper service council cabinet parliament duma nato un "
        "eu who imf fbi cia pentagon");
    add(sentence_adverbs,
        "but and however meanwhile earlier later also still now so then yet in on at after "
        "before separately speaking asked when while last this instead indeed moreover "
        "furthermore additionally thus hence even");
    add(pronouns, "he she it they we i who which you");
    add(contentless_talk, "spoke speaks speak spoken speaking talked talks talk talking");
    add(channel_preposition, "on by to in at via through from after");
    add(clause_after_attribution, "and but as while when whereas although though because amid");
    add(bad_content_start,
        "in on at of to for with during after before about from by as when while and but or into "
        "onto over under through via against among between without within up down out off");
    std::vector<std::string> forms;
    for (const auto& [form, weight] : cues) {
      forms.emplace_back(form);
      cue_weights.push_back(weight);
    }
    cue_forms.Assign(std::move(forms));
  }
};

const Lexicon& Lex() {
  static const Lexicon* lex = new Lexicon();
  return *lex;
}

// ---- Tokens ------------------------------------------------------------------------

// The tokenizer is the cue model's (quote_model.h), so that the model scores
// the finder's own tokens.
using Tok = quote_model::Token;
using T = quote_model::TokenType;
using quote_model::PunctBytes;

bool IsAlnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

bool StartsWith(std::string_view t, size_t i, std::string_view s) { return t.compare(i, s.size(), s) == 0; }

// ---- Paragraph items -----------------------------------------------------------------

struct QuoteMark {
  uint32_t content_b, content_e;  // the words inside the marks (trimmed)
  bool closed;
};

// An item is a token outside quotations or a whole quotation.
struct Item {
  int tok = -1;    // index into toks, or -1
  int quote = -1;  // index into quotes, or -1
};

struct Pending {  // a quote found, speaker not yet resolved
  Quote::Kind kind;
  Span content;
  Span np;          // speaker noun phrase as written (may be a pronoun), empty when none
  std::string cue;
  int inherit = -1;  // continuation of output quote #inherit (same speaker)
  Span cue_span;
  Span name_np;      // the name inside `np` when `np` also holds an appositive; empty: all of `np`
};

// The resolved speaker of one quote, for later pronouns.
struct SpeakerMemory {
  std::string name;
  std::string np_lower;
  bool org = false;
  size_t at = 0;  // where the speaker's mention starts
};

class Finder {
 public:
  Finder(std::string_view text, const std::vector<Entity>& entities)
      : t_(text), entities_(entities), lex_(Lex()), model_(quote_model::Active()), filter_(quote_model::ActiveFilter()) {
    lower_.assign(text.begin(), text.end());
    for (char& ch : lower_) if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
    low_ = lower_;
  }

  std::vector<Quote> Run() {
    size_t pos = 0;
    while (pos < t_.size()) {
      size_t nl = t_.find('\n', pos);
      if (nl == std::string_view::npos) nl = t_.size();
      if (nl > pos) Paragraph(pos, nl);
      pos = nl + 1;
    }
    std::stable_sort(out_.begin(), out_.end(),
                     [](const Quote& a, const Quote& b) { return a.span.begin < b.span.begin; });
    return std::move(out_);
  }

 private:
  // ---- accessors ----
  std::string_view W(int item) const {  // lower-cased word of an item ("" for non-words)
    if (item < 0 || item >= static_cast<int>(items_.size())) return {};
    const Item& it = items_[item];
    if (it.tok < 0 || toks_[it.tok].type != T::kWord) return {};
    const Tok& k = toks_[it.tok];
    return low_.substr(k.b, k.e - k.b);
  }
  bool IsWord(int item) const { return !W(item).empty(); }
  bool IsQuote(int item) const { return item >= 0 && item < static_cast<int>(items_.size()) && items_[item].quote >= 0; }
  char P(int item) const {
    if (item < 0 || item >= static_cast<int>(items_.size())) return 0;
    const Item& it = items_[item];
    if (it.tok < 0 || toks_[it.tok].type != T::kPunct) return 0;
    return toks_[it.tok].punct;
  }
  // A quotation mark the pairing left alone.
  bool IsStrayMark(int item) const {
    return item >= 0 && item < static_cast<int>(items_.size()) && items_[item].tok >= 0 &&
           toks_[items_[item].tok].IsQuoteMark();
  }
  bool Cap(int item) const { return IsWord(item) && toks_[items_[item].tok].cap; }
  size_t B(int item) const {
    const Item& it = items_[item];
    return it.tok >= 0 ? toks_[it.tok].b : quote_marks_[it.quote].first;
  }
  size_t E(int item) const {
    const Item& it = items_[item];
    return it.tok >= 0 ? toks_[it.tok].e : quote_marks_[it.quote].second;
  }
  float CueWeight(int item) const {
    std::string_view w = W(item);
    if (w.empty()) return 0;
    if (w == "according") return W(item + 1) == "to" ? 1.0f : 0;
    // The learned model decides for its candidate forms (quote_model.h), the lexicon for the rest.
    if (float s = cue_score_[item]; s != kNotCandidate) return s >= model_.threshold() && !model_.NoSource(w) ? 1.0f : 0;
    const int cue = lex_.cue_forms.IndexOf(w);
    return cue < 0 ? 0 : lex_.cue_weights[cue];
  }
  bool IsCue(int item, int s1) const {
    if (item >= s1 || CueWeight(item) <= 0) return false;
    if (Cap(item) && W(item) != "according" && !title_case_) return false;
    if (CoordinatedInfinitive(item)) return false;
    // Passive: "was announced", "is said".
    if (IsPassive(item) && !AgentFollows(item) && !IsStateParticiple(W(item))) return false;
    return true;
  }
  // A word the cue model scores under its threshold but at or over the cue filter's floor: a cue
  // only if the filter keeps it once its speaker is known (FilterKeeps).
  bool IsLowCue(int item, int s1) const {
    if (item >= s1 || W(item).empty() || !FilterOn()) return false;
    const float s = cue_score_[item];
    if (s == kNotCandidate || s < filter_.floor() || s >= model_.threshold() || model_.NoSource(W(item))) return false;
    if (Cap(item) && !title_case_) return false;
    if (IsPassive(item) && !AgentFollows(item) && !IsStateParticiple(W(item))) return false;
    return true;
  }
  // "was unable to identify the sailors, say how they died": a bare "say"
  // or "tell" after a comma, in a list of infinitives a "to" opened a few
  // words before, has no subject of its own.
  bool CoordinatedInfinitive(int item) const {
    const std::string_view w = W(item);
    if ((w != "say" && w != "tell") || item < 2 || P(item - 1) != ',') return false;
    for (int m = item - 2; m >= 0 && m >= item - 10; --m) {
      if (P(m) == '.' || P(m) == ';' || IsQuote(m)) return false;
      if (W(m) == "to" && IsWord(m + 1) && m + 1 < item - 1) return true;
    }
    return false;
  }
  bool FilterOn() const { return !filter_.empty() || quote_model::CueLog() != nullptr; }
  bool IsPassive(int item) const { return IsBeForm(W(item - 1)) && !IsProgressive(item); }
  static bool IsBeForm(std::string_view w) {
    return w == "was" || w == "were" || w == "is" || w == "are" || w == "been" || w == "be" || w == "being";
  }
  // "is calling for", "were talking about": a progressive verb, whose subject stands before the
  // auxiliary (not a participle clause, not a passive).
  bool IsProgressive(int item) const {
    const std::string_view w = W(item);
    return w.size() > 4 && w.ends_with("ing") && IsBeForm(W(item - 1)) && W(item - 1) != "being";
  }
  // The last item before the cue's auxiliaries and adverbs (the subject's end, when any).
  int BeforeCue(int item, int s0) const {
    return IsProgressive(item) ? SkipLeftAux(item - 2, s0) : SkipLeftAux(item - 1, s0);
  }
  // A word after which a new clause (and its subject) starts.
  bool OpensClause(std::string_view w) const {
    return lex_.sentence_adverbs.Contains(w) || w == "as" || w == "because" || w == "though" || w == "although" ||
           w == "since" || w == "if" || w == "first" || w == "whereas";
  }
  // Whether a clause (and its subject) can start at item `k`: the sentence's
  // start, after punctuation or a quotation mark, or after a word that opens one.
  bool ClauseStartsAt(int k, int s0) const {
    return k >= 0 && (k == s0 || !IsWord(k - 1) || OpensClause(W(k - 1)));
  }
  // Nouns that end the name of a hearer who is a news outlet or an audience
  // ("the ITAR-Tass news agency", "the Interfax news service", "state television").
  static bool IsMediaNoun(std::string_view w) {
    static const std::unordered_set<std::string_view> kNouns = {
        "news",    "agency",   "service",  "newspaper", "paper",   "daily",    "weekly",   "magazine",
        "television", "tv",    "radio",    "station",   "network", "channel",  "broadcaster", "website",
        "reporters", "journalists", "audience", "crowd", "program", "programme", "show",  "interview",
        "state",   "public",   "local",    "national",  "online",  "edition"};
    return kNouns.count(w) != 0;
  }

  // Participles of a state of mind: their subject holds it ("Trump was upset", "voters are
  // convinced that ..."), as PolNeAR marks them.
  static bool IsStateParticiple(std::string_view w) {
    static const std::unordered_set<std::string_view> kStates = {
        "concerned", "convinced", "worried", "shocked", "pleased", "upset", "disappointed", "frustrated",
        "surprised", "impressed", "intrigued", "excited", "alarmed", "troubled", "encouraged", "satisfied",
        "offended", "outraged", "angered", "confident", "persuaded", "skeptical", "unconvinced", "dismayed",
        "critical"};  // ("was critical of": 6 of 8 in train articles 1-672 are cues with their subject)
    return kStates.count(w) > 0;
  }
  // A passive cue with its agent: "was first reported by Politico", "as described by FBI Director
  // James Comey" (PolNeAR's source is the agent).
  bool AgentFollows(int item) const {
    std::string_view w = W(item);
    // (Also a lower-case plural or phrase: "is disliked by supporters of her opponent", "was
    // criticized by libertarians"; not a measure: "by 10 points".)
    const std::string_view agent = W(item + 2);
    return W(item + 1) == "by" && !w.ends_with("ing") && !IsStateParticiple(w) &&
           (Cap(item + 2) || IsDeterminer(agent) ||
            (!agent.empty() && !lex_.stop_np.Contains(agent) && !IsPronoun(agent) && !(agent[0] >= '0' && agent[0] <= '9') &&
             !(agent.size() > 4 && agent.ends_with("ing"))));
  }

  // ---- paragraph ----
  void Paragraph(size_t pb, size_t pe) {
    toks_.clear();
    quote_model::Tokenize(t_, low_, pb, pe, &toks_);
    if (toks_.empty()) return;
    // Pair the quotation marks.
    quotes_.clear();
    quote_marks_.clear();
    items_.clear();
    int open = -1;
    std::vector<std::pair<int, int>> ranges;  // token ranges of quotations, marks included
    for (int i = 0; i < static_cast<int>(toks_.size()); ++i) {
      const Tok& k = toks_[i];
      if (k.type == T::kWord || k.type == T::kPunct) continue;
      bool opener = k.type == T::kOpen;
      if (k.type == T::kEither) {
        if (open >= 0) {
          opener = false;
        } else {
          // Opens unless it looks like a stray closer (glued to a word before, space after).
          bool glued_before = k.b > pb && t_[k.b - 1] != ' ' && t_[k.b - 1] != '(' && t_[k.b - 1] != '\t';
          bool space_after = k.e >= pe || t_[k.e] == ' ';
          if (glued_before && space_after) continue;
          opener = true;
        }
      }
      // A second opening mark glued to the quotation's last word ("“It's unusual,“ said X"): a closer.
      if (opener && open >= 0 && k.type == T::kOpen && k.b > pb && t_[k.b - 1] != ' ' && (k.e >= pe || t_[k.e] == ' '))
        opener = false;
      // German „...“: the high mark closes a low-opened quotation.
      if (opener && open >= 0 && StartsWith(t_, toks_[open].b, "\u201E") && StartsWith(t_, k.b, "\u201C"))
        opener = false;
      if (opener) {
        if (open < 0) open = i;
      } else if (open >= 0) {
        ranges.emplace_back(open, i);
        open = -1;
      }
    }
    if (open >= 0) ranges.emplace_back(open, -1);  // runs on to the next paragraph
    size_t r = 0;
    for (int i = 0; i < static_cast<int>(toks_.size());) {
      if (r < ranges.size() && ranges[r].first == i) {
        int close = ranges[r].second;
        uint32_t cb = toks_[i].e;
        uint32_t ce = close >= 0 ? toks_[close].b : static_cast<uint32_t>(pe);
        uint32_t mark_end = close >= 0 ? toks_[close].e : static_cast<uint32_t>(pe);
        while (cb < ce && t_[cb] == ' ') ++cb;
        while (ce > cb && (t_[ce - 1] == ' ' || t_[ce - 1] == ',')) --ce;
        quotes_.push_back(QuoteMark{cb, ce, close >= 0});
        quote_marks_.emplace_back(toks_[i].b, mark_end);
        items_.push_back(Item{-1, static_cast<int>(quotes_.size()) - 1});
        i = close >= 0 ? close + 1 : static_cast<int>(toks_.size());
        ++r;
        continue;
      }
      items_.push_back(Item{i, -1});
      ++i;
    }
    // The cue model's scores, once per candidate word.
    cue_score_.assign(items_.size(), kNotCandidate);
    if (!model_.empty())
      for (size_t k = 0; k < items_.size(); ++k) {
        const Item& it = items_[k];
        if (it.tok < 0 || toks_[it.tok].type != T::kWord) continue;
        const Tok& tk = toks_[it.tok];
        if (model_.IsCandidate(low_.substr(tk.b, tk.e - tk.b))) cue_score_[k] = model_.Score(t_, low_, toks_, it.tok);
      }
    // Sentences.
    sentence_in_paragraph_ = 0;
    int s0 = 0;
    const int n = static_cast<int>(items_.size());
    for (int k = 0; k < n; ++k) {
      bool end = k + 1 == n;
      if (!end) {
        char p = P(k);
        if (p == '.' || p == '?' || p == '!') {
          end = IsQuote(k + 1) || Cap(k + 1) || P(k + 1) == '(' || P(k + 1) == '-' || !IsWord(k + 1);
          if (P(k + 1) == ')' || P(k + 1) == ',') end = false;
        } else if (IsQuote(k)) {
          const QuoteMark& q = quotes_[items_[k].quote];
          char last = q.content_e > q.content_b ? t_[q.content_e - 1] : 0;
          if ((last == '.' || last == '?' || last == '!') && (Cap(k + 1) || IsQuote(k + 1)) &&
              !AttributionFollows(k + 1, n))
            end = true;
        }
      }
      // A "sentence" of hundreds of words is a list or a table, not speech
      // (PolNeAR's longest is 198 items): it is read in pieces, so that the
      // work per sentence, which grows with its cues squared, stays bounded.
      if (!end && k + 1 - s0 >= kMaxSentenceItems) end = true;
      if (end) {
        Sentence(s0, k + 1);
        s0 = k + 1;
      }
    }
    // A quotation left open continues into the next paragraph.
    last_paragraph_open_quote_ = !ranges.empty() && ranges.back().second < 0;
  }

  // "Peskov said." / "said Peskov." right after a quote ending in a full stop.
  // (Also with an appositive: "“...,” Duncan Hunter’s chief of staff, Joe Kasper, told POLITICO.")
  bool AttributionFollows(int k, int n) const {
    for (int j = k; j < n && j < k + 10; ++j) {
      if (IsCue(j, n)) return true;
      if (!IsWord(j) && P(j) != ',') return false;
    }
    return false;
  }

  // ---- noun phrases ----
  bool IsPronoun(std::string_view w) const { return lex_.pronouns.Contains(w) > 0; }

  // "Will" inside a sentence that is not in title case is a name (the columnist George Will),
  // not the auxiliary.
  bool IsCapitalisedModal(int k, int s0) const { return k > s0 && !title_case_ && Cap(k) && W(k) == "will"; }

  // Skips auxiliaries and adverbs leftwards from `k` (inclusive); returns the first other item.
  int SkipLeftAux(int k, int s0) const {
    while (k >= s0) {
      if (P(k) == ')') {  // "Rep. Gregory Meeks (D-N.Y.) said"
        int o = k - 1;
        while (o >= s0 && k - o < 12 && P(o) != '(' && !IsQuote(o)) --o;
        if (o < s0 || P(o) != '(') break;
        k = o - 1;
        continue;
      }
      if (!IsWord(k)) break;
      std::string_view w = W(k);
      bool weekday = Cap(k) && (w == "monday" || w == "tuesday" || w == "wednesday" || w == "thursday" ||
                                w == "friday" || w == "saturday" || w == "sunday");
      if (weekday && k - 1 >= s0 && W(k - 1) == "on") {  // "Clinton on Tuesday said"
        k -= 2;
        continue;
      }
      // "The two sides have on many occasions reaffirmed", "Officials in recent weeks said":
      // a time adjunct between the subject and the verb, not the subject.
      if ((w == "occasions" || w == "times" || w == "days" || w == "weeks" || w == "months" || w == "years") &&
          k - 2 >= s0 &&
          (W(k - 1) == "many" || W(k - 1) == "several" || W(k - 1) == "numerous" || W(k - 1) == "multiple" ||
           W(k - 1) == "recent" || W(k - 1) == "past") &&
          (W(k - 2) == "on" || W(k - 2) == "in" || W(k - 2) == "for" || W(k - 2) == "over")) {
        k -= 3;
        continue;
      }
      // "The committee this week announced", "Priebus this past week announced".
      if ((w == "week" || w == "month" || w == "year" || w == "weekend" || w == "morning" || w == "afternoon" ||
           w == "evening" || w == "night") &&
          k - 1 >= s0 && (W(k - 1) == "this" || W(k - 1) == "last" || W(k - 1) == "next" || W(k - 1) == "past")) {
        k -= W(k - 1) == "past" && W(k - 2) == "this" ? 3 : 2;
        continue;
      }
      if (!(lex_.skip_before.Contains(w) || w == "now" || (w.size() > 4 && w.ends_with("ly") && !Cap(k)) || weekday))
        break;
      if (IsCapitalisedModal(k, s0)) break;
      --k;
    }
    return k;
  }

  // Item `k` is a preposition ("in", "at", "from", "by", "with", "on") joining two parts of one
  // noun phrase: the words before it run back (over no verb-like or stop word) to a determiner or
  // a capitalised word that opens a clause (the sentence start, or after a comma or quote).
  bool PrepositionInPhrase(int k, int s0) const {
    std::string_view w = W(k);
    if (!(w == "in" || w == "at" || w == "from" || w == "by" || w == "with" || w == "on" || w == "relating" ||
          w == "to"))
      return false;
    if (w == "to" && W(k - 1) != "relating") return false;
    int j = k - 1;
    for (int n = 0; j >= s0 && IsWord(j) && n < 8; --j, ++n) {
      std::string_view x = W(j);
      if (w == "relating" && n == 0) continue;
      bool opens = j == s0 || !IsWord(j - 1) || lex_.sentence_adverbs.Contains(W(j - 1)) > 0;
      if ((IsDeterminer(x) || x == "some" || x == "one" || x == "two" || x == "many" || (x[0] >= '0' && x[0] <= '9')) &&
          opens)
        return true;
      if (Cap(j) && opens && j < k - 1 && !lex_.sentence_adverbs.Contains(x)) return true;
      if (lex_.stop_np.Contains(x) || IsPronoun(x) || IsCue(j, static_cast<int>(items_.size()))) return false;
      if (x.size() > 4 && (x.ends_with("ed") || x.ends_with("ing")) && !(w == "relating" && n == 0)) return false;
    }
    return false;
  }

  static bool IsDeterminer(std::string_view w) {
    return w == "the" || w == "a" || w == "an" || w == "his" || w == "her" || w == "their" || w == "its" ||
           w == "our" || w == "my" || w == "your" || w == "another" || w == "this" || w == "these";
  }

  // The subject noun phrase ending at item `k` (inclusive), as an item range [a, k]; a < 0 when none.
  int LeftNp(int k, int s0) const {
    int a = k + 1;
    int words = 0;
    int fallback_a = -1, fallback_words = 0;
    while (k >= s0 && IsWord(k)) {
      std::string_view w = W(k);
      if (IsPronoun(w)) {
        if (words == 0) return k;  // a pronoun right before the verb is the subject
        break;                     // "which officials said": the phrase after it
      }
      // "Mr. King and Mr. Schultz said": "and" between names.
      bool and_names = w == "and" && Cap(k + 1) && k - 1 >= s0 && Cap(k - 1);
      // "Sanders and his supporters", "Mr. Xi and other leaders": a coordinated noun phrase.
      auto nounish = [&](int m) {
        std::string_view x = W(m);
        // (Any noun after a determiner: "the company and federal safety regulators said".)
        return m >= s0 && IsWord(m) && !lex_.stop_np.Contains(x) && !IsPronoun(x) &&
               (Cap(m) || (x.size() > 3 && (x.ends_with("s") || x.ends_with("er") || x.ends_with("ist"))) ||
                (m - 1 >= s0 && IsDeterminer(W(m - 1))));
      };
      if (w == "and" && nounish(k - 1) && (IsDeterminer(W(k + 1)) || W(k + 1) == "other")) and_names = true;
      // "Clinton and leading Democrats", "doctors and medical experts": a short noun phrase
      // that opens the clause, coordinated with the words after "and".
      if (w == "and" && words > 0 && nounish(k - 1)) {
        int j = k - 1, n = 0;
        while (j >= s0 && IsWord(j) && n < 4 && !lex_.stop_np.Contains(W(j)) && !IsPronoun(W(j)) &&
               !(W(j).size() > 4 && W(j).ends_with("ed")) && !IsCue(j, static_cast<int>(items_.size())))
          --j, ++n;
        if (n > 0 && (j < s0 || !IsWord(j))) and_names = true;
      }
      bool n_in_10 = w == "in" && k - 1 >= s0 && !W(k + 1).empty() && W(k + 1)[0] >= '0' && W(k + 1)[0] <= '9';
      // "A judge in Ohio", "a story by the website Politico", "A statement from Ryan's office":
      // a preposition inside a phrase that a determiner opens at a clause start.
      bool inner_prep = words > 0 && PrepositionInPhrase(k, s0);
      // "This Big-Name Senator", "At least one commentator".
      bool demonstrative = words > 0 && (w == "this" || w == "these" || w == "those");
      bool at_least = w == "at" && W(k + 1) == "least";
      if (lex_.stop_np.Contains(w) && !(w == "of" || w == "for") && !and_names && !n_in_10 && !inner_prep &&
          !IsCapitalisedModal(k, s0) &&
          !demonstrative && !at_least)
        break;
      // Past a preposition or a conjunction the phrase may grow too long: then it is the part after it.
      if ((inner_prep || and_names) && fallback_a < 0) fallback_a = a, fallback_words = words;
      if (IsCue(k, static_cast<int>(items_.size())) && W(k) != "according") break;
      a = k;
      if (++words > 9) {
        if (fallback_a < 0) return -1;
        a = fallback_a;
        words = fallback_words;
        break;
      }
      // A determiner opens the phrase ("the California congressman"), unless it follows
      // "of"/"for" ("the secretary of the Treasury").
      if (IsDeterminer(w) && !(k - 1 >= s0 && (W(k - 1) == "of" || W(k - 1) == "for" || PrepositionInPhrase(k - 1, s0))) &&
          !(k - 2 >= s0 && W(k - 1) == "and" && nounish(k - 2)))
        break;
      --k;
    }
    if (a > s0 + 0 && a <= k + 1 + words && a < static_cast<int>(items_.size()) && false) return -1;
    if (words == 0) return -1;
    // Drop sentence adverbs and leading "of"/"for" left over.
    int end = a + words - 1;
    while (a <= end && ((W(a) == "of" || W(a) == "for") || (a == s0 && lex_.sentence_adverbs.Contains(W(a)) > 0) ||
                        (a < end && !Cap(a) && W(a).size() > 4 && W(a).ends_with("ly"))))
      ++a;
    if (a > end) return -1;
    // Needs a name, a determiner or a plural/agentive noun: not a stray verb phrase.
    bool ok = false;
    for (int j = a; j <= end; ++j) {
      std::string_view w = W(j);
      if (Cap(j) || w == "the" || w == "a" || w == "an" || w == "one" || w == "two" || w == "his" || w == "her" ||
          w == "its" || w == "their" || w == "some" || w == "many" || w == "several" || w == "both" ||
          w.ends_with("s") || w.ends_with("er") || w.ends_with("ist") || w.ends_with("man") ||
          w.ends_with("person") || w.ends_with("woman") || w == "percent" || (w[0] >= '0' && w[0] <= '9'))
        ok = true;
    }
    return ok ? a : -1;
  }

  // The noun phrase starting at item `k` ("said Chinese spokesperson Hua Chunying on Friday"):
  // [k, returned end) ; returns k when none.
  int RightNp(int k, int s1) const {
    // "said of the senator", "wrote for the magazine": a topic or a channel, not a speaker.
    if (W(k) == "of" || W(k) == "for") return k;
    int j = k;
    while (j < s1 && IsWord(j) && lex_.time_words.Contains(W(j)) && !Cap(j) && W(j) != "on") ++j;
    int a = j;
    if (j < s1 && IsWord(j) && IsPronoun(W(j))) {
      if (!(j + 1 == s1 || !IsWord(j + 1) || lex_.time_words.Contains(W(j + 1)))) return k;
      rnp_begin_ = j;  // (was left from an earlier phrase: "put it, ..." got an inverted speaker range)
      return j + 1;
    }
    while (j < s1 && IsWord(j) && j - a < 12) {
      std::string_view w = W(j);
      if (lex_.stop_np.Contains(w) && !(w == "of" || w == "for" || w == "the")) break;
      if (!Cap(j) && (w == "monday" || w == "tuesday" || w == "wednesday" || w == "thursday" || w == "friday" ||
                      w == "saturday" || w == "sunday"))
        break;
      if (Cap(j) && (w == "monday" || w == "tuesday" || w == "wednesday" || w == "thursday" || w == "friday" ||
                     w == "saturday" || w == "sunday" || w == "today" || w == "yesterday"))
        break;
      ++j;
    }
    while (j > a && (W(j - 1) == "of" || W(j - 1) == "for" || W(j - 1) == "the")) --j;
    return j > a ? (rnp_begin_ = a, j) : k;
  }
  mutable int rnp_begin_ = 0;

  // The sentence's initial subject (for participles: "Biden warned ..., saying ...").
  bool InitialNp(int s0, int s1, int* a, int* b) const {
    int k = s0;
    while (k < s1 && IsWord(k) && Cap(k) &&
           (lex_.sentence_adverbs.Contains(W(k)) || W(k) == "as" || W(k) == "though" || W(k) == "although" ||
            W(k) == "while" || W(k) == "when" || W(k) == "if" || W(k) == "since" || W(k) == "because" ||
            W(k) == "alongside" || W(k) == "despite" || W(k) == "unlike"))
      ++k;
    // An opening adjunct ("Amid the outcry, X ...", "On Tuesday, X ...", "Arriving upon the
    // scene, police ..."): the subject follows its comma.
    if (k < s1 && IsWord(k) && Cap(k) &&
        (lex_.bad_content_start.Contains(W(k)) || W(k) == "amid" || W(k) == "like" ||
         (W(k).size() > 4 && W(k).ends_with("ing") && !title_case_) || W(k) == "monday" ||
         W(k) == "tuesday" || W(k) == "wednesday" || W(k) == "thursday" || W(k) == "friday" ||
         W(k) == "saturday" || W(k) == "sunday")) {
      int m = k + 1;
      while (m < s1 && m < k + 15 && P(m) != ',' && !IsQuote(m)) ++m;
      if (m < s1 && P(m) == ',' && m + 1 < s1 && IsWord(m + 1)) k = m + 1;
    }
    if (k >= s1 || !IsWord(k)) return false;
    if (IsPronoun(W(k)) && W(k) != "which" && W(k) != "who") {
      *a = k;
      *b = k + 1;
      return true;
    }
    int j = k;
    while (j < s1 && IsWord(j) && (Cap(j) || W(j) == "the" || W(j) == "of" || W(j).ends_with("'s") ||
                                    lex_.title_words.Contains(W(j)))) ++j;
    if (j == k || !Cap(j - 1)) return false;
    // "The billionaire businessman began ...", "A Clinton campaign official later ...",
    // "Both parents stiffened ...": a phrase opened by a determiner runs on over
    // lower-case nouns up to the verb (a past form, or an adverb before it).
    std::string_view first = W(k);
    if (IsDeterminer(first) || first == "both" || first == "all" || first == "many") {
      static const std::unordered_set<std::string_view> kVerbs = {
          "began", "held", "put", "said", "told", "made", "took", "came", "went", "gave", "spoke", "won", "lost",
          "left", "saw", "met", "ran", "wrote", "became", "sent", "kept", "found", "brought", "thought", "got",
          "says", "tells", "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could"};
      int m = j;
      while (m < s1 && m < j + 4 && IsWord(m) && !Cap(m)) {
        std::string_view x = W(m);
        if (lex_.stop_np.Contains(x) || lex_.skip_before.Contains(x) || kVerbs.count(x) || IsCue(m, s1) ||
            (x.size() > 4 && (x.ends_with("ed") || x.ends_with("ly") || x.ends_with("ing"))))
          break;
        ++m;
      }
      if (m > j && m < s1 && IsWord(m)) j = m;  // a verb-like word follows: the phrase ends here
    }
    *a = k;
    *b = j;
    return true;
  }

  // ---- one sentence ----
  struct Cue {
    int item;
    int np_a = -1, np_b = -1;  // speaker noun phrase, items [np_a, np_b)
    int sp_a = -1, sp_b = -1;  // the speaker mention with its appositive ("X, an analyst at Y,"), when wider
    bool inverted = false;     // "..., said X" / "“...,” X said"
    bool right = false;        // the speaker follows the cue ("said X")
    bool agent = false;        // the speaker is a passive cue's agent ("was reported by X")
    int content_from = -1;     // first item of the reported content after the cue
  };

  // Whether the cue filter (quote_model::CueFilter) keeps a model-scored cue with its speaker
  // found; cues from the lexicon, "according to", passive agents ("reported by X") and cues with
  // no speaker are kept as IsCue took them.
  bool FilterKeeps(const Cue& c, int s0, int s1, bool low) const {
    if (cue_score_[c.item] == kNotCandidate || !FilterOn()) return true;
    if (c.np_a < 0) return !low;
    if (auto* log = quote_model::CueLog()) {  // the trainer's record: the feature strings
      const Span cue = CueSpan(c.item), mention = MentionSpan(c);
      quote_model::CueRecord r{cue.begin, cue.end, mention.begin, mention.end, {}};
      FilterFeatures(c, s0, s1, [&](std::initializer_list<std::string_view> parts) {
        std::string& f = r.features.emplace_back();
        for (std::string_view x : parts) f += x;
      });
      log->push_back(std::move(r));
      return filter_.empty();
    }
    // The sum of the weights, each feature hashed as its parts come (quote_model::Hash of the string).
    float score = -filter_.threshold();
    FilterFeatures(c, s0, s1, [&](std::initializer_list<std::string_view> parts) {
      uint32_t h = quote_model::Hash({});
      for (std::string_view x : parts) h = quote_model::Hash(x, h);
      score += filter_.Weight(h);
    });
    return score >= 0;
  }
  // The cue filter's features of a cue with its speaker, each given to `emit` as the parts of its
  // string ("k*side=" "name" "adj").
  template <class Emit>
  void FilterFeatures(const Cue& c, int s0, int s1, Emit&& emit) const {
    const float score = cue_score_[c.item];
    char bin_text[8], len_text[16];
    const int bin = std::clamp(static_cast<int>(std::floor(score)), -8, 10);
    const std::string_view b(bin_text, static_cast<size_t>(std::snprintf(bin_text, sizeof bin_text, "%d", bin)));
    const int len = c.np_b - c.np_a;
    const std::string_view len6(len_text,
                                static_cast<size_t>(std::snprintf(len_text, sizeof len_text, "%d", std::min(len, 6))));
    bool name = false;
    for (int m = c.np_a; m < c.np_b; ++m)
      if (Cap(m) && (m > s0 || !IsDeterminer(W(m)))) name = true;
    const std::string_view k = len == 1 && IsPronoun(W(c.np_a)) ? "pron" : name ? "name" : "np";
    const std::string_view sd = c.agent                                       ? "agent"
                                : c.right                                     ? "right"
                                : BeforeCue(c.item, s0) == c.np_b - 1      ? "adj"
                                                                              : "far";
    bool quote = false;
    for (int m = s0; m < s1; ++m) quote = quote || IsQuote(m);
    const bool that = c.content_from > 0 && W(c.content_from - 1) == "that";
    const std::string_view w = W(c.item);
    auto bit = [](bool x) { return x ? std::string_view("1") : std::string_view("0"); };
    emit({"bias"});
    emit({"s=", b});
    emit({"k=", k});
    emit({"side=", sd});
    emit({"k*side=", k, sd});
    emit({"s*k=", b, k});
    emit({"s*side=", b, sd});
    emit({"len=", len6, k});
    emit({"w=", w});
    emit({"w*k=", w, k});
    emit({"w*side=", w, sd});
    emit({"q=", bit(quote), k});
    emit({"that=", bit(that), sd});
    emit({"content=", bit(c.content_from >= 0)});
    emit({"inv=", bit(c.inverted)});
    emit({"app=", bit(c.sp_a >= 0 || c.sp_b >= 0), k});
    emit({"first=", bit(sentence_in_paragraph_ == 0)});
    // The words around: the speaker's head and first word (lower-case ones), the word after the
    // cue and before the speaker.
    auto word = [&](int m) -> std::string_view {
      if (m < 0 || m >= static_cast<int>(items_.size())) return "^";
      if (IsQuote(m)) return "Q";
      if (P(m)) return std::string_view(&toks_[items_[m].tok].punct, 1);
      return Cap(m) && m > s0 ? "C" : W(m);
    };
    emit({"head=", word(c.np_b - 1)});
    emit({"lead=", word(c.np_a)});
    emit({"next=", word(c.item + 1), sd});
    emit({"prev=", c.np_a > s0 ? word(c.np_a - 1) : std::string_view("^"), sd});
    emit({"w*next=", w, word(c.item + 1)});
  }

  Span ItemSpan(int a, int b) const { return Span{B(a), E(b - 1)}; }
  // The speaker's mention as PolNeAR marks it (with an appositive) and the name inside it.
  Span MentionSpan(const Cue& c) const {
    return ItemSpan(c.sp_a >= 0 ? std::min(c.sp_a, c.np_a) : c.np_a, c.sp_b >= 0 ? std::max(c.sp_b, c.np_b) : c.np_b);
  }
  // (For "according to" the whole phrase: "an email from the Harbour Authority" names the authority.)
  Span NameSpan(const Cue& c) const {
    return W(c.item) == "according" ? MentionSpan(c) : ItemSpan(c.np_a, c.np_b);
  }

  void Sentence(int s0, int s1) {
    // Final punctuation.
    int last = s1;
    while (last > s0 && P(last - 1) != 0 && P(last - 1) != ')') --last;
    if (last <= s0) return;

    // A headline in title case ("Glenn Beck Says Trump Poses A Threat"): its cue is
    // capitalised too.
    {
      int words = 0, caps = 0;
      for (int k = s0; k < last; ++k)
        if (IsWord(k)) ++words, caps += Cap(k);
      title_case_ = words >= 4 && caps * 10 >= words * 8;
    }

    const size_t out_start = out_.size();
    // 1. Cues and their speakers.
    std::vector<Cue> cues;
    for (int k = s0; k < last; ++k) {
      const bool cue = IsCue(k, last);
      const bool low = !cue && IsLowCue(k, last);
      if (!cue && !low) continue;
      std::string_view w = W(k);
      Cue c{k};
      if (low && (w == "according" || AgentFollows(k))) continue;
      if (w == "according") {
        int e = RightNp(k + 2, last);
        if (e > k + 2) {
          c.np_a = rnp_begin_;
          c.np_b = e;
          // The source is the whole phrase, to a comma or the sentence end: "according to
          // an email from the president of the AFL-CIO obtained by The Huffington Post".
          int m = e;
          while (m < last && P(m) != ',' && !IsQuote(m)) ++m;
          if (m > e) c.sp_b = m;
        }
        c.inverted = true;
        cues.push_back(c);
        ++k;
        continue;
      }
      if (AgentFollows(k)) {
        int e = RightNp(k + 2, last);
        if (e > k + 2) {
          c.np_a = rnp_begin_;
          c.np_b = e;
          c.right = true;
          c.inverted = true;
          c.agent = true;
          cues.push_back(c);
          continue;
        }
      }
      bool participle = w.ends_with("ing") && !IsProgressive(k);
      // "went on CNN to declare Clinton the winner": an infinitive's speaker is its clause's
      // subject, as a participle's.
      if (W(k - 1) == "to" && k - 1 > s0 && W(k - 2) != "according") participle = true;
      // "The campaign called on FEMA to ... and said ...": the coordinated verb shares the
      // subject of the clause it joins.
      // "he laughed and said": with one verb before the conjunction, the subject before that verb.
      int coordinated_a = -1, coordinated_b = -1;
      if (!participle && SkipLeftAux(k - 1, s0) >= s0 &&
          (W(SkipLeftAux(k - 1, s0)) == "and" || W(SkipLeftAux(k - 1, s0)) == "but")) {
        participle = true;
        const int verb = SkipLeftAux(k - 1, s0) - 1;
        if (verb > s0 && IsWord(verb) && !Cap(verb) && !lex_.stop_np.Contains(W(verb)) && W(verb).ends_with("ed")) {
          const int end = SkipLeftAux(verb - 1, s0);
          if (int a = end >= s0 && IsWord(end) ? LeftNp(end, s0) : -1; a >= 0 && (a == s0 || !IsWord(a - 1)))
            coordinated_a = a, coordinated_b = end + 1;
        }
      }
      int before = BeforeCue(k, s0);
      // (A quotation mark left unpaired, as in a paragraph opening with a closing mark,
      // ends a quotation too: '... left the station,” wrote Time magazine.')
      bool after_break = before < s0 || IsQuote(before) || IsStrayMark(before) || P(before) == ',' || P(before) == '-' ||
                         P(before) == ':';
      if (participle) {
        if (coordinated_a >= 0) {
          c.np_a = coordinated_a;
          c.np_b = coordinated_b;
        } else if (!cues.empty() && cues.back().np_a >= 0) {
          // The clause the participle hangs on: a cue whose speaker stands in the "that"
          // clause of the cue before it is that clause's ("Wang Wenbin revealed that Xi's
          // trip to Moscow aims to ..., adding that ...": Wang Wenbin adds).
          size_t j = cues.size() - 1;
          while (j > 0 && cues[j - 1].np_a >= 0 && cues[j - 1].content_from > 0 &&
                 W(cues[j - 1].content_from - 1) == "that" && cues[j].np_a >= cues[j - 1].content_from)
            --j;
          c.np_a = cues[j].np_a;
          c.np_b = cues[j].np_b;
          // (with its appositive: "Corey Lewandowski, Trump's campaign manager, said ..., noting")
          c.sp_a = cues[j].sp_a;
          c.sp_b = cues[j].sp_b;
        } else if (int a, b; InitialNp(s0, k, &a, &b)) {
          c.np_a = a;
          c.np_b = b;
        }
      } else if (after_break) {
        // "..., said X" / "“...,” said X"; also "“...,” he said". A hearer verb after a
        // comma ("X, an economist, told me") has its hearer on the right, not its speaker.
        int e = RightNp(k + 1, last);
        bool closes = e >= last || P(e) != 0 || IsQuote(e) || lex_.adjunct_words.Contains(W(e)) ||
                      lex_.time_words.Contains(W(e));
        bool hearer_after_comma = lex_.hearer.Contains(w) && before >= s0 && P(before) == ',';
        // "Clinton, during a town hall meeting in Columbus, said the plan works": a
        // lower-case phrase after the cue is its content when a name stands before the
        // commas.
        // "Michael Tanner, an analyst at the Cato Institute, said ...": the name before
        // one to three comma-separated appositives; the mention runs to the comma.
        int left_a = -1, left_b = -1;
        if (before >= s0 && P(before) == ',') {
          // A cue inside a relative or participle clause ("Reid, who endorsed Clinton in
          // February, reiterated ...", "Salceda, citing data from the State Department,
          // said") is the clause's own; it does not end the search.
          bool crossed_cue = false;
          for (int m = before - 1, commas = 0; m > s0 && commas < 3 && before - m < 30; --m) {
            if (IsQuote(m)) break;
            if (IsWord(m) && IsCue(m, last)) crossed_cue = true;
            if (P(m) != ',') continue;
            const std::string_view opener = W(m + 1);
            if (crossed_cue && !(opener == "who" || opener == "whose" || (opener.ends_with("ing") && !Cap(m + 1)))) break;
            ++commas;
            int a = LeftNp(m - 1, s0);
            // A name, a phrase a determiner opens ("A campaign adviser, who ..., said") or
            // one opening the sentence ("Supporters of abortion rights, on the other hand,
            // argued"), after nothing or a sentence adverb ("But Crawford, who ...,").
            const bool opens = a == s0 || (a >= 0 && (!IsWord(a - 1) || (a - 1 == s0 && lex_.sentence_adverbs.Contains(W(a - 1)))));
            if (a < 0 || !opens || !(Cap(m - 1) || IsDeterminer(W(a)) || a == s0)) continue;
            left_a = a;
            left_b = m;
            break;
          }
        }
        bool right_has_name = false;
        for (int m = rnp_begin_; m < e && !right_has_name; ++m) right_has_name = Cap(m) || IsPronoun(W(m));
        // The name before the commas opens the clause: a lower-case phrase after the cue is
        // not the speaker ("..., said just after midnight on CNN").
        if (e > k + 1 && !right_has_name && left_a >= 0) e = k + 1;
        // "..., said a source close to the campaign.": the phrase runs on to the sentence
        // end with no quote, cue or clause in it.
        bool runs_on = false;
        bool close_to = (W(e) == "to" || W(e) == "with") && (W(e - 1) == "close" || W(e - 1) == "familiar");
        if (e > k + 1 && (!closes || close_to) && last - e <= 12) {
          runs_on = true;
          for (int m = e; m < last && runs_on; ++m) {
            if (IsQuote(m) || IsCue(m, last) || W(m) == "that" || P(m) == ',') runs_on = false;
            // "said the cooperation was boundless": a verb after the phrase makes it the
            // content's subject, not a speaker
            const std::string_view x = W(m);
            if (x == "is" || x == "was" || x == "are" || x == "were" || x == "has" || x == "had" || x == "have" ||
                x == "will" || x == "would" || x == "can" || x == "could" || x == "should" || x == "must")
              runs_on = false;
          }
          if (runs_on) closes = true;
        }
        // Only verbs of saying take their speaker after them ("..., said X"); other
        // attribution verbs' object is what is attributed ("..., criticized X").
        const bool speech = lex_.speech.Contains(w) > 0 || (before >= s0 && IsQuote(before));
        if (e > k + 1 && closes && !hearer_after_comma && speech) {
          c.np_a = rnp_begin_;
          c.np_b = e;
          c.inverted = true;
          c.right = true;
          if (runs_on) c.sp_b = last;
          // The appositive to the sentence end ("said Patrick McGinley, a law professor at
          // West Virginia University."), with no quote in it (PolNeAR's mention); a relative
          // clause in it may hold a cue or "that" ("a retiree who worked at the plant that ...").
          // A participle, a conjunction or a preposition after a comma ends it ("said Howard,
          // but her character ..."); a relative clause stays in (as PolNeAR train marks it more
          // often than not: 124 to 95 sources after their cue).
          auto clause_at = [&](int m) {
            std::string_view x = W(m);
            return x == "but" || x == "and" || x == "while" ||
                   (x.ends_with("ing") && !Cap(m)) || lex_.bad_content_start.Contains(x) > 0;
          };
          // "said Sen. Robert P. Casey Jr. (D-Pa.), a Clinton backer.": the affiliation belongs
          // to the mention, and the appositive may follow it.
          int after = e;
          if (e < last && P(e) == '(') {
            int close = e + 1;
            while (close < last && close < e + 8 && P(close) != ')' && !IsQuote(close)) ++close;
            if (close < last && P(close) == ')') c.sp_b = after = close + 1;
          }
          if (after < last && P(after) == ',' && after + 1 < last && IsWord(after + 1) && !clause_at(after + 1)) {
            bool clean = true;
            int end = last;
            for (int m = after + 1; m < last && clean; ++m) {
              if (IsQuote(m)) clean = false;
              if ((P(m) == ',' && m + 1 < last && clause_at(m + 1)) || P(m) == '-') {
                end = m;
                break;
              }
            }
            if (clean) c.sp_b = end;
          }
        } else if (before >= s0 && P(before) == ',') {
          if (left_a >= 0) {
            c.np_a = left_a;
            c.np_b = left_b;
            // A participle ("Fiorina, speaking to Iowans,") is no appositive: the mention is
            // the name. A relative clause on a person ("Trump, who campaigned here,") stays in
            // the mention: PolNeAR train (articles 1-672) includes it in 105 sources and leaves
            // it out of 98, and a half-right clause still adds more shared tokens than it costs.
            std::string_view first = W(left_b + 1);
            // Nor is an adverb or a conjunction ("Clinton, however,", "Democrats, historically,").
            bool clause = first == "which" || (first.ends_with("ing") && !Cap(left_b + 1)) ||
                          first == "while" || lex_.bad_content_start.Contains(first) > 0 ||
                          lex_.sentence_adverbs.Contains(first) > 0 ||
                          (first.size() > 4 && first.ends_with("ly") && P(left_b + 2) == ',');
            if (!clause) {
              c.sp_a = left_a;
              c.sp_b = before + 1;
            }
          } else {
            // "Alabama Sen. Jeff Sessions, a prominent Trump supporter, said ..."
            int a = LeftNp(before - 1, s0);
            if (a >= 0) {
              int a2 = a;
              // (also after a quotation: '"...," Sanders's campaign manager, Jeff Weaver, said')
              if (a - 1 > s0 && P(a - 1) == ',') {
                int b2 = LeftNp(a - 2, s0);
                // (or after a word that opens a clause: "... as Patti Davis, Ronald Reagan's
                // daughter, attacked", "First his wife, longtime aide Huma Abedin, announced")
                if (ClauseStartsAt(b2, s0)) a2 = b2;
              }
              c.np_a = a2;
              c.np_b = before;
            }
          }
        }
      } else {
        int a = LeftNp(before, s0);
        // "Hawkins and others who want to ban abortion said", "The state officials whose laws
        // have been invalidated say": a subject with a restrictive relative clause; the
        // mention holds both (as PolNeAR marks it), the phrase before "who" is the speaker.
        if (before >= s0 && IsWord(before) && !title_case_ && !(a == before && IsPronoun(W(a)))) {
          for (int m = before - 1; m > s0 && m >= before - 15 && IsWord(m); --m) {
            // (A subject pronoun or a conjunction opens another clause: "who have never had a job
            // ... so they do believe".)
            const std::string_view x = W(m);
            if ((IsPronoun(x) && x != "who") || x == "so" || (x != "and" && lex_.clause_after_attribution.Contains(x)))
              break;
            if (x != "who" && x != "whose") continue;
            const int r = LeftNp(m - 1, s0);
            if (ClauseStartsAt(r, s0)) {
              c.np_a = r;
              c.np_b = m;
              c.sp_a = r;
              c.sp_b = before + 1;
              a = -1;
            }
            break;
          }
        }
        if (a >= 0) {
          c.np_a = a;
          c.np_b = before + 1;
          // "Sam Lau, the communications director for the party said": an appositive whose
          // closing comma is missing after a full name (two to four capitalised words opening
          // the clause); the name is the speaker, the mention both.
          if (a - 2 > s0 && P(a - 1) == ',' && !Cap(a) && IsDeterminer(W(a))) {
            int n = a - 2;
            while (n - 1 >= s0 && Cap(n - 1) && a - 1 - (n - 1) <= 4) --n;
            const bool name = Cap(a - 2) && a - 1 - n >= 2 && (n == s0 || !IsWord(n - 1)) &&
                              !lex_.sentence_adverbs.Contains(W(n)) && !lex_.bad_content_start.Contains(W(n)) &&
                              !lex_.time_words.Contains(W(n));
            if (name) {
              c.sp_a = n;
              c.sp_b = before + 1;
              c.np_a = n;
              c.np_b = a - 1;
            }
          }
          // "Sen. Bernie Sanders (I-Vt.) said": the affiliation belongs to the mention.
          if (before + 1 < k && P(before + 1) == '(') {
            int close = before + 2;
            while (close < k && P(close) != ')') ++close;
            if (close < k) c.sp_b = close + 1;
          }
          // "Trump, who said": the relative pronoun is the speaker mention.
          int pre = a - 1;
          c.inverted = pre >= s0 && (IsQuote(pre) || P(pre) == ',' || P(pre) == '-');
        }
      }
      // Content after the cue.
      int j = k + 1;
      if (lex_.hearer.Contains(w) && j < last && IsWord(j)) {  // the hearer: "told reporters", "told the BBC"
        std::string_view h = W(j);
        if (h == "the" || h == "a" || h == "an" || h == "his" || h == "her" || h == "their" || h == "its") {
          ++j;
          if (Cap(j)) {
            while (j < last && Cap(j)) ++j;
          } else if (j < last && IsWord(j)) {
            ++j;
          }
        } else if (Cap(j)) {
          while (j < last && Cap(j)) ++j;
        } else if (!lex_.stop_np.Contains(h) && h != "that") {
          ++j;
        }
        // A hearer that runs to the sentence's end ("told the ITAR-Tass news agency."):
        // the words said are elsewhere (before the speaker), none follow.
        int m = j;
        while (m < last && m < j + 6 && ((IsWord(m) && (Cap(m) || IsMediaNoun(W(m)))) || P(m) == '-')) ++m;
        if (m == last) j = last;
      }
      // Skip adjuncts ("on Friday", "in a statement") up to "that" or the content.
      int scan = j;
      int that = -1;
      while (scan < last && scan < j + 9 && (IsWord(scan) || P(scan) == ',')) {
        if (W(scan) == "that") {
          that = scan;
          break;
        }
        if (P(scan) == ',' || !lex_.adjunct_words.Contains(W(scan))) {
          // "on Friday", "in a statement", and the day after a month: "on February 26"
          const std::string_view word = W(scan);
          const bool day = scan > j && Cap(scan - 1) && !word.empty() && word.size() <= 2 &&
                           std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
          if (!(Cap(scan) && scan > j && lex_.adjunct_words.Contains(W(scan - 1))) && !day) break;
        }
        ++scan;
      }
      // "told the audience at his fundraiser for veterans that ...": a hearer may
      // carry a longer phrase before "that".
      if (that < 0 && lex_.hearer.Contains(w))
        for (int m = j; m < last && m < j + 10 && IsWord(m); ++m)
          if (W(m) == "that") {
            that = m;
            break;
          }
      if (that >= 0) {
        j = that + 1;
      } else {
        // Only skip clear time adjuncts when no "that" follows.
        while (j < last && IsWord(j) && lex_.time_words.Contains(W(j)) && (W(j) != "on" || Cap(j + 1))) {
          if (W(j) == "on") j += 2;
          else ++j;
        }
        if (j < last && (W(j) == "in" || W(j) == "at") && (W(j + 1) == "a" || W(j + 1) == "an")) {
          int m = j + 2;
          while (m < last && IsWord(m) && lex_.adjunct_words.Contains(W(m)) && W(m) != "that") ++m;
          if (m < last && (P(m) == ',' || P(m) == ':')) j = m;
          else if (m > j + 2 && !lex_.adjunct_words.Contains(W(m))) j = m;
        }
      }
      while (j < last && (P(j) == ',' || P(j) == ':' || P(j) == '-')) ++j;
      // "spoke the same day with Blinken", "talked to reporters": whom one spoke
      // with is no content; "talked to Kelly about bullying" has one.
      if (that < 0 && lex_.contentless_talk.Contains(w)) {
        bool hearer = false, topic = false;
        for (int m = k + 1; m < last && m < k + 13 && IsWord(m); ++m) {
          const std::string_view x = W(m);
          // ("of" inside a name, "Secretary of State", is no topic.)
          if (x == "about" || x == "on" || x == "that" || (x == "of" && !(Cap(m - 1) && Cap(m + 1)))) topic = true;
          if (x == "with" || x == "to") hearer = true;
        }
        if (hearer && !topic) continue;
      }
      c.content_from = j < last ? j : -1;
      if (!FilterKeeps(c, s0, last, low)) continue;
      cues.push_back(c);
    }

    // A colon after a name introduces what the name said, when the sentence has no verb
    // cue of its own: headlines ("Lynch: No outside influence on FBI probe", "Trump:
    // ‘I’m the Worst Thing ...’", "Gillibrand on Hillary's Speeches: ‘I Think She Will.’")
    // and "... pollster Daron Shaw: “Historically ...”".
    if (cues.empty()) {
      for (int k = s0 + 1; k < last; ++k) {
        if (P(k) != ':' || !Cap(k - 1)) continue;
        int a = k - 1;
        while (a - 1 >= s0 && Cap(a - 1)) --a;
        int b = k;
        if (sentence_in_paragraph_ == 0 && a > s0 && k - s0 <= 10) {
          bool name_like = Cap(s0);
          int on = -1;
          for (int m = s0; m < k && name_like; ++m) {
            if (Cap(m) || P(m) == '.' || P(m) == '-') continue;
            std::string_view x = W(m);
            if (x == "on" || x == "about") {
              if (on < 0) on = m;
            } else if (!(x == "of" || x == "the" || x == "and" || x == "for" || x.ends_with("'s") ||
                         x.ends_with("\u2019s"))) {
              name_like = false;
            }
          }
          if (name_like && on > s0) a = s0, b = on;
        }
        bool headline = sentence_in_paragraph_ == 0 && a == s0 && k - s0 <= 10;
        if (!IsQuote(k + 1) && !headline) continue;
        // A label is no speaker: "Breaking:", "UPDATE:", "The Latest:", "WATCH:".
        {
          static constexpr std::string_view kLabels[] = {
              "breaking", "update", "updated", "correction", "clarification", "watch", "look", "live", "exclusive",
              "opinion", "analysis", "video", "photos", "photo", "editorial", "the", "latest", "news", "alert",
              "explainer", "note", "fact", "check", "new", "now", "listen", "podcast", "see", "also", "related",
              "read", "more", "editor's", "editor\u2019s", "developing", "just", "in", "urgent", "flashback"};
          bool label = b - a <= 3;
          for (int m = a; m < b && label; ++m)
            label = IsWord(m) && std::find(std::begin(kLabels), std::end(kLabels), W(m)) != std::end(kLabels);
          if (label) continue;
        }
        Cue c{k};
        c.np_a = a;
        c.np_b = b;
        c.content_from = k + 1;
        cues.push_back(c);
        break;
      }
    }

    // "In the new Morning Consult poll, conducted March 11-13, 40 percent ...": a poll named
    // at the sentence start is the source of the clause after its comma, "In" the cue (as
    // PolNeAR marks it: 7 of the 8 such openings in train articles 1-672).
    if (Cap(s0) && W(s0) == "in" && (IsDeterminer(W(s0 + 1)) || Cap(s0 + 1))) {
      int poll = -1, comma = -1;
      for (int m = s0 + 1; m < last && m < s0 + 20 && IsWord(m); ++m) {
        if (poll < 0 && m < s0 + 10 && (W(m) == "poll" || W(m) == "survey")) poll = m;
        if (P(m + 1) == ',') {
          comma = m + 1;
          break;
        }
      }
      // A participle describing the poll belongs to it (", conducted March 11-13,").
      if (poll >= 0 && comma >= 0 && !Cap(comma + 1) && W(comma + 1).size() > 4 && W(comma + 1).ends_with("ed"))
        for (int m = comma + 2; m < last && m < comma + 12 && !IsQuote(m); ++m)
          if (P(m) == ',') {
            comma = m;
            break;
          }
      if (poll >= 0 && comma >= 0 && comma + 1 < last) {
        Cue c{s0};
        c.np_a = s0 + 1;
        c.np_b = poll + 1;
        c.sp_b = comma;
        c.content_from = comma + 1;
        cues.push_back(c);
      }
    }

    // The inverted tail: ", X said [adjuncts]." / ", said X." / ", according to X."
    int tail_comma = -1;
    const Cue* tail_cue = nullptr;
    for (const Cue& c : cues) {
      if (c.np_a < 0 || !c.inverted) continue;
      int from = std::min(c.np_a, c.item);
      int comma = from - 1;
      if (comma <= s0 || !(P(comma) == ',' || P(comma) == '-')) continue;
      // What follows the cue must be the noun phrase and adjuncts to the sentence end.
      int e = std::max(c.np_b, c.item + (W(c.item) == "according" ? 2 : 1));
      if (c.sp_b >= 0 && (c.sp_b >= last || W(c.item) == "according")) e = c.sp_b;  // ", said Sherman, a ... grad."
      int rest = 0;
      bool clause = false;
      // After "in a statement", "in an interview": the channel's own words
      // ("to the stock exchange", "with local radio") belong to the adjunct.
      bool channel = false;
      for (int m = e; m < last; ++m) {
        // "..., Hennessey said, and with ...", "... said in the evening, as
        // aftershocks continued": a new clause after the attribution.
        if (P(m) == ',' && lex_.clause_after_attribution.Contains(W(m + 1))) break;
        // "..., officials said, news agencies reported.": a second tail
        // attribution (its speaker and verb, at most three words after, to
        // the sentence end), the first one's source's; this one ends before it.
        if (P(m) == ',' && std::any_of(cues.begin(), cues.end(), [&](const Cue& d) {
              if (&d == &c || !d.inverted || d.np_a < 0 || std::min(d.np_a, d.item) != m + 1) return false;
              int words_after = 0;
              for (int q = std::max(d.item, d.np_b - 1) + 1; q < last; ++q)
                if (IsQuote(q) || (IsWord(q) && (W(q) == "that" || ++words_after > 3))) return false;
              return true;
            }))
          break;
        if (IsQuote(m)) clause = true;
        if (IsWord(m) && W(m) == "that") clause = true;
        const std::string_view x = W(m);
        if (x == "statement" || x == "interview" || x == "briefing" || x == "letter" || x == "speech" ||
            x == "post" || x == "email" || x == "message" || x == "conference" || x == "broadcast" ||
            x == "filing" || x == "release")
          channel = true;
        // "in a statement posted on its website", "released by the ministry": a
        // participle with its preposition still names the channel.
        const bool channel_participle = channel && IsWord(m) && x.ends_with("ed") && m + 1 < last &&
                                        lex_.channel_preposition.Contains(W(m + 1));
        const bool channel_word = channel && IsWord(m) && !lex_.stop_np.Contains(x) &&
                                  (!x.ends_with("ed") || channel_participle) && !x.ends_with("ing") &&
                                  !IsPronoun(x);
        if (IsWord(m) && !Cap(m) && !lex_.adjunct_words.Contains(x) && !lex_.time_words.Contains(x) &&
            !(x[0] >= '0' && x[0] <= '9') && !lex_.hearer.Contains(W(c.item)) && !channel_word &&
            !(channel && (x == "to" || x == "with" || x == "of" || x == "for")))
          clause = true;
        ++rest;
      }
      if (W(c.item) == "according" && e < last && P(e) == ',') clause = true;
      if (clause || rest > 10) continue;
      tail_comma = comma;
      tail_cue = &c;
      break;
    }

    // 2. Direct quotes.
    std::vector<bool> direct(s1 - s0, false);
    for (int k = s0; k < s1; ++k) {
      if (!IsQuote(k)) continue;
      int prev = k - 1;
      bool clause = prev < s0 || P(prev) == ':' || P(prev) == ',' || P(prev) == '-' || IsCue(prev, s1) ||
                    (W(prev) == "that" && false);
      if (!clause && prev >= s0 && IsWord(prev)) {
        // "said on Friday: “...”" / "said in a statement, “...”" are caught by ':'/','; a cue
        // within two words before counts too ("said Friday “...”").
        for (int m = prev; m >= s0 && m >= prev - 2; --m)
          if (IsCue(m, s1)) clause = true;
      }
      // A clause-quote is followed by the sentence end, a comma, an attribution or another quote.
      int next = k + 1;
      bool ends = next >= last || P(next) == ',' || P(next) == ':' || P(next) == '-' || IsQuote(next) ||
                  AttributionFollows(next, last) || P(next) == '(';
      const QuoteMark& q = quotes_[items_[k].quote];
      if (!q.closed) ends = true;
      if (!(clause && ends)) continue;
      direct[k - s0] = true;
      // Attribution: the nearest cue with a speaker, after the quote first.
      const Cue* best = nullptr;
      int best_d = 1 << 30;
      for (const Cue& c : cues) {
        if (c.np_a < 0) continue;
        int d = c.item > k ? c.item - k : (k - c.item) + 1;
        // A cue behind another quote belongs to that quote unless nothing closer.
        if (d < best_d) {
          best_d = d;
          best = &c;
        }
      }
      Pending p{Quote::Kind::kDirect, Span{q.content_b, q.content_e}, {}, {}, -1, {}, {}};
      if (best) {
        p.np = MentionSpan(*best);
        p.name_np = NameSpan(*best);
        p.cue = CueText(best->item);
        p.cue_span = CueSpan(best->item);
      } else if (intro_.cue.size() && intro_sentence_ == sentence_no_ - 1) {
        p.np = intro_.np;
        p.name_np = intro_.name_np;
        p.cue = intro_.cue;
        p.cue_span = intro_.cue_span;
      } else if (last_direct_ >= 0 && (last_direct_sentence_ == sentence_no_ - 1)) {
        p.inherit = last_direct_;
      } else if (prev_subject_.size() > 0 && k == s0) {
        // A quote standing alone after a sentence about someone ("Valastro praised X. “...”").
        p.np = prev_subject_;
      }
      Emit(p);
      last_direct_ = static_cast<int>(out_.size()) - 1;
      last_direct_sentence_ = sentence_no_;  // the next sentence may run on
    }

    // "X said:" introducing the next sentence's quote.
    intro_ = {};
    if (s1 - 1 >= s0 && P(s1 - 1) == ':') {
      for (const Cue& c : cues)
        if (c.np_a >= 0) {
          intro_.np = MentionSpan(c);
          intro_.name_np = NameSpan(c);
          intro_.cue = CueText(c.item);
          intro_.cue_span = CueSpan(c.item);
        }
      intro_sentence_ = sentence_no_;
    }

    // 3. Indirect speech.
    struct Ind {
      Span content;
      const Cue* cue;
      int a, b;  // items
    };
    std::vector<Ind> inds;
    auto content_ok = [&](int a, int b) {
      int words = 0;
      bool only_direct = true;
      for (int m = a; m < b; ++m) {
        if (IsWord(m)) {
          ++words;
          only_direct = false;
        } else if (IsQuote(m)) {
          if (!direct[m - s0]) only_direct = false;
          words += 3;
        }
      }
      return words >= 3 && !only_direct;
    };
    auto trim = [&](int& a, int& b) {
      while (a < b && !IsWord(a) && !IsQuote(a)) ++a;
      while (b > a && !IsWord(b - 1) && !IsQuote(b - 1) && P(b - 1) != ')') --b;
    };
    // "BEIJING: ...", "NAIROBI, Kenya (AP) - ...": a dateline tells where the
    // story was filed; it is no part of what was said.
    auto skip_dateline = [&](int& a, int b) {
      const size_t start = B(a);
      const size_t dateline = text::DatelineLength(t_.substr(start));
      if (dateline == 0) return;
      while (a < b && B(a) < start + dateline) ++a;
      trim(a, b);
    };
    if (tail_cue && tail_comma > s0) {
      int a = s0, b = tail_comma;
      trim(a, b);
      skip_dateline(a, b);
      if (content_ok(a, b)) inds.push_back(Ind{ItemSpan(a, b), tail_cue, a, b});
    }
    for (const Cue& c : cues) {
      if (&c == tail_cue || c.np_a < 0 || c.content_from < 0) continue;
      if (c.right && W(c.item) != "according") continue;
      int a = c.content_from;
      int b = last;
      if (tail_comma > a) b = tail_comma;
      // The content stops before a following attribution of its own ("... , he said"),
      // not before a clause of its own ("said that, during the meeting, Putin and
      // Xi will discuss how ...": that cue has content of its own after it).
      for (const Cue& d : cues)
        if (&d != &c && d.item > a && d.item < b && d.inverted && d.np_a >= 0 && d.content_from < 0) {
          int from = std::min(d.np_a, d.item) - 1;
          // (A quotation there that runs on from the content, no comma before it,
          // is part of it: 'said the strikes could occur "if ... situation,"
          // spokesman X told the agency.')
          if (from > a && P(from) == ',') b = std::min(b, from);
          if (from > a && IsQuote(from)) b = std::min(b, P(from - 1) == ',' ? from : from + 1);
        }
      trim(a, b);
      if (a >= b || !content_ok(a, b)) continue;
      // (After "that" the content is a clause whatever its first word, also
      // past an adjunct's comma: "said that, during the meeting, ...".)
      const int before_content = a > 0 && P(a - 1) == ',' ? a - 2 : a - 1;
      if (lex_.bad_content_start.Contains(W(a)) && !(before_content >= 0 && W(before_content) == "that")) continue;
      // "..., Arrieta said, standing in front of the church": a participle
      // describing the speaker, not what was said (PolNeAR takes "noting
      // ...", "citing ..." as content, so only such descriptive ones).
      if (a > 0 && P(a - 1) == ',' &&
          (W(a) == "standing" || W(a) == "sitting" || W(a) == "speaking" || W(a) == "walking" ||
           W(a) == "wearing" || W(a) == "holding" || W(a) == "pointing" || W(a) == "gesturing" ||
           W(a) == "smiling" || W(a) == "surrounded" || W(a) == "flanked"))
        continue;
      if (W(c.item) == "according" && c.np_b > a) continue;
      inds.push_back(Ind{ItemSpan(a, b), &c, a, b});
    }
    // "According to X, CONTENT."
    for (const Cue& c : cues) {
      if (W(c.item) != "according" || c.np_a < 0) continue;
      const int np_end = c.sp_b >= 0 ? c.sp_b : c.np_b;
      if (np_end < last && P(np_end) == ',') {
        int a = np_end + 1, b = last;
        // "CONTENT, according to X, and had hoped ...": the phrase stands
        // inside a clause that goes on after it; what X says is before it.
        const bool before = c.item - 1 > s0 && P(c.item - 1) == ',' && (W(a) == "and" || W(a) == "but");
        if (before) a = s0, b = c.item - 1;
        trim(a, b);
        if (before) skip_dateline(a, b);
        if (content_ok(a, b)) inds.push_back(Ind{ItemSpan(a, b), &c, a, b});
      }
    }
    for (const Ind& d : inds) {
      Pending p{Quote::Kind::kIndirect, d.content, MentionSpan(*d.cue), CueText(d.cue->item), -1,
                CueSpan(d.cue->item), NameSpan(*d.cue)};
      Emit(p);
    }

    // 4. Partial quotes.
    for (int k = s0; k < s1; ++k) {
      if (!IsQuote(k) || direct[k - s0]) continue;
      const Cue* owner = nullptr;
      int owner_len = 1 << 30;
      for (const Ind& d : inds)
        if (d.a <= k && k < d.b && d.b - d.a < owner_len) owner = d.cue, owner_len = d.b - d.a;
      if (!owner) {
        for (const Cue& c : cues)
          if (c.np_a >= 0 && c.item < k) owner = &c;
      }
      if (!owner) continue;
      const QuoteMark& q = quotes_[items_[k].quote];
      if (q.content_e <= q.content_b) continue;
      Pending p{Quote::Kind::kPartial, Span{q.content_b, q.content_e}, MentionSpan(*owner),
                CueText(owner->item), -1, CueSpan(owner->item), NameSpan(*owner)};
      Emit(p);
    }

    // 5. A cue the learned model takes that none of the patterns above gave a quote
    // ("polls show ...", "Democrats believe ...", "X criticized Y"): what is attributed
    // is the rest of the clause after the cue, or before it when the speaker follows.
    for (const Cue& c : cues) {
      if (c.np_a < 0) continue;
      const Span cs = CueSpan(c.item);
      bool used = false;
      for (size_t q = out_start; q < out_.size() && !used; ++q) used = out_[q].cue_span == cs;
      if (used) continue;
      int a = c.item + (W(c.item) == "according" ? 2 : 1), b = last;
      if (c.right || W(c.item) == "according") a = std::max(c.np_b, c.sp_b), b = last;
      if (c.agent) {  // the passive's subject ("The closure was reported by X"), else what follows ("As reported by X, ...")
        int subject_b = SkipLeftAux(c.item - 1, s0) + 1, subject_a = s0;
        trim(subject_a, subject_b);
        if (subject_a < subject_b && !(subject_b - subject_a == 1 && W(subject_a) == "as")) a = subject_a, b = subject_b;
      }
      if (c.right && !(a < b)) a = s0, b = std::min(c.np_a, c.item);
      // "..., spokesman X told the ITAR-Tass news agency.": the hearer is no content.
      if (!c.right && !c.agent && c.content_from < 0 && lex_.hearer.Contains(W(c.item))) a = b;
      for (const Cue& d : cues)
        if (d.item > a && d.item < b && &d != &c) b = std::min(b, d.np_a > a ? std::min(d.np_a, d.item) : d.item);
      trim(a, b);
      if (a >= b) {  // nothing after the cue: what stands before the speaker ('Rubio "...," Hannity said.')
        a = s0;
        b = std::min({c.np_a, c.item, c.sp_a >= 0 ? c.sp_a : c.np_a});
        trim(a, b);
      }
      if (a >= b) continue;
      Emit(Pending{Quote::Kind::kIndirect, ItemSpan(a, b), MentionSpan(c), CueText(c.item), -1, cs, NameSpan(c)});
    }
    // Cues PolNeAR marks with no source ("X is expected to win", "it seemed", "reportedly"), and
    // passive cues with no agent ("the dissolution was announced", "Trump was asked if ..."): a
    // quote with no speaker.
    for (int k = s0; k < last; ++k) {
      if (cue_score_[k] == kNotCandidate || cue_score_[k] < model_.threshold() || Cap(k)) continue;
      const bool passive = IsPassive(k) && !W(k).ends_with("ing") && !AgentFollows(k) && !IsStateParticiple(W(k)) &&
                           !model_.NoSource(W(k));
      if (!model_.NoSource(W(k)) && !passive) continue;
      int a = k + 1, b = last;
      if (passive && W(k + 1) != "to" && W(k + 1) != "that" && W(k + 1) != "if" && W(k + 1) != "whether" &&
          W(k + 1) != "about") {
        int subject_a = s0, subject_b = SkipLeftAux(k - 1, s0) + 1;
        trim(subject_a, subject_b);
        if (subject_a < subject_b) a = subject_a, b = subject_b;
      }
      for (const Cue& d : cues)
        if (d.item > a && d.item < b) b = d.np_a > a ? std::min(d.np_a, d.item) : d.item;
      trim(a, b);
      if (a >= b) continue;
      Emit(Pending{Quote::Kind::kIndirect, ItemSpan(a, b), {}, CueText(k), -1, CueSpan(k), {}});
    }
    ++sentence_in_paragraph_;
    title_case_ = false;  // (IsCue is also asked while splitting the next sentences)
    prev_subject_ = {};
    if (int a, b; InitialNp(s0, last, &a, &b) && W(a) != "it" && W(a) != "they" && W(a) != "we" && W(a) != "i")
      prev_subject_ = ItemSpan(a, b);
    ++sentence_no_;
  }

  Span CueSpan(int item) const { return ItemSpan(item, W(item) == "according" ? item + 2 : item + 1); }

  std::string CueText(int item) const {
    std::string_view w = W(item);
    if (w == "according") return "according to";
    if (P(item) == ':') return ":";
    return std::string(w);
  }

  // ---- speakers ----
  bool LooksOrg(std::string_view np_lower) const {
    size_t i = 0;
    while (i < np_lower.size()) {
      size_t j = np_lower.find_first_of(" ,", i);
      if (j == std::string_view::npos) j = np_lower.size();
      std::string_view w = np_lower.substr(i, j - i);
      if (w.ends_with("'s") || w.ends_with("\u2019s")) w.remove_suffix(w.ends_with("'s") ? 2 : 4);
      if (lex_.org_words.Contains(w)) return true;
      i = j + 1;
    }
    return false;
  }

  // The name a mention gives after its comma, when that is a name of two to
  // four capitalised words ("The spokesman for the ministry, Wang Wenbin,",
  // "then-Minister of Foreign Affairs, Wang Yi,"); "" otherwise.
  std::string AppositiveName(Span mention) const {
    std::string_view s = t_.substr(mention.begin, mention.size());
    while (!s.empty() && (s.back() == ',' || s.back() == ' ')) s.remove_suffix(1);
    const size_t comma = s.find(", ");
    if (comma == std::string_view::npos) return {};
    std::string_view after = s.substr(comma + 2);
    size_t words = 0;
    bool names = !after.empty() && after.find(',') == std::string_view::npos;
    for (size_t k = 0; names && k < after.size(); ++k)
      if (k == 0 || after[k - 1] == ' ') {
        ++words;
        const unsigned char c = after[k];
        names = (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c < 0xE0);
      }
    return names && words >= 2 && words <= 4 ? std::string(after) : std::string();
  }

  // The name in a speaker noun phrase: titles stripped, "the Kremlin" kept.
  std::string NameOf(Span np) const {
    std::string_view s = t_.substr(np.begin, np.size());
    std::string_view sl = low_.substr(np.begin, np.size());
    while (!s.empty() && (s.back() == ',' || s.back() == ' ')) s.remove_suffix(1), sl.remove_suffix(1);
    if (std::string name = AppositiveName(np); !name.empty()) return name;
    if (size_t comma = s.find(", "); comma != std::string_view::npos) {
      s = s.substr(0, comma);
      sl = sl.substr(0, comma);
    }
    // Words with offsets.
    struct Wd { size_t b, e; bool cap; };
    std::vector<Wd> ws;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ') ++j;
      if (j > i) {
        unsigned char c = s[i];
        ws.push_back(Wd{i, j, (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c < 0xE0)});
      }
      i = j;
    }
    if (ws.empty()) return {};
    // The last run of capitalised words, if it ends the phrase.
    int e = static_cast<int>(ws.size());
    int a = e;
    while (a > 0 && ws[a - 1].cap) --a;
    auto word_l = [&](int k) { return sl.substr(ws[k].b, ws[k].e - ws[k].b); };
    // An organisation named across "of"/"for"/"on" ("the Bank of England",
    // "the Chinese Ministry of Foreign Affairs", "a professor at the
    // University of Chicago"): the whole name, or the whole phrase when a
    // common noun heads it, never its last word.
    if (a < e) {
      int x = a;
      while (x >= 2 && (word_l(x - 1) == "of" || word_l(x - 1) == "for" || word_l(x - 1) == "on") && ws[x - 2].cap) {
        x -= 2;
        while (x > 0 && ws[x - 1].cap) --x;
      }
      const bool capital_the = x < a && word_l(x) == "the";  // "The Bank of England"
      if (capital_the) ++x;
      if (x < a && LooksOrg(sl.substr(ws[x].b, ws[e - 1].e - ws[x].b))) {
        const bool the = capital_the || (x > 0 && word_l(x - 1) == "the");
        const int before = the && !capital_the ? x - 1 : x;
        static constexpr std::string_view kPreps[] = {"at", "of", "for", "from", "with", "in"};
        const bool pp = before >= 2 && std::find(std::begin(kPreps), std::end(kPreps), word_l(before - 1)) != std::end(kPreps) &&
                        !ws[before - 2].cap;
        if (pp) {
          size_t b0 = ws[0].b;
          if (word_l(0) == "the" || word_l(0) == "a" || word_l(0) == "an") b0 = ws[1].b;
          return std::string(s.substr(b0));
        }
        std::string name(s.substr(ws[x].b, ws[e - 1].e - ws[x].b));
        return the ? "the " + name : name;
      }
    }
    // A name, then where it is from or in ("Scott Hawkins of Cheyenne", "the
    // Rescue Coordination Center (AusSAR) in Canberra"): the name, not the
    // place (an organisation named across "of" was taken above).
    if (a >= 2 && a < e && (word_l(a - 1) == "of" || word_l(a - 1) == "in" || word_l(a - 1) == "from")) {
      int k = a - 1;
      if (k > 0 && s[ws[k - 1].b] == '(') --k;  // "(AusSAR)"
      int a2 = k;  // the name's words, "and" between capitalised ones too ("Search and Rescue")
      while (a2 > 0 && (ws[a2 - 1].cap || (a2 >= 2 && a2 < k && word_l(a2 - 1) == "and" && ws[a2 - 2].cap))) --a2;
      if (a2 < k) {
        e = k;
        a = a2;
      }
    }
    if (a < e) {
      // Possessive run ("China's") heads nothing here: handled below by the whole phrase.
      std::string_view lastw = word_l(e - 1);
      if (!(lastw.ends_with("'s") || lastw.ends_with("\u2019s"))) {
        int title_end = a;
        while (title_end < e - 1 && lex_.title_words.Contains(word_l(title_end))) ++title_end;
        bool the = (a > 0 && word_l(a - 1) == "the") || word_l(a) == "the";
        if (word_l(a) == "the" && a + 1 < e) ++a, title_end = std::max(title_end, a);
        if (title_end >= e) title_end = e - 1;
        std::string name(s.substr(ws[title_end].b, ws[e - 1].e - ws[title_end].b));
        if (the && (e - title_end) >= 1 && LooksOrg(sl.substr(ws[title_end].b, ws[e - 1].e - ws[title_end].b)))
          return "the " + name;
        if (the && a == title_end) return "the " + name;
        return name;
      }
    }
    // A common-noun phrase: "China's foreign ministry", "attorneys for the family".
    size_t b0 = ws[0].b;
    std::string_view first = word_l(0);
    if (first == "the" || first == "a" || first == "an") {
      if (ws.size() == 1) return {};
      b0 = ws[1].b;
    }
    return std::string(s.substr(b0));
  }

  // Full name for a lone surname ("Peskov" -> "Dmitry Peskov") from earlier speakers or text.
  std::string Expand(const std::string& name, size_t before) const {
    if (name.find(' ') != std::string::npos || name.empty()) return name;
    for (auto it = memory_.rbegin(); it != memory_.rend(); ++it) {
      const std::string& m = it->name;
      if (m.size() > name.size() + 1 && m.ends_with(name) && m[m.size() - name.size() - 1] == ' ') return m;
    }
    // "Dmitry Peskov" earlier in the text (among the name's first
    // kMaxNameLookups mentions: an article naming someone thousands of times
    // must not make each attribution read it all again).
    size_t pos = 0;
    for (int seen = 0; seen < kMaxNameLookups && (pos = t_.find(name, pos)) != std::string_view::npos && pos < before;
         ++seen) {
      size_t end = pos + name.size();
      bool word_end = end >= t_.size() || !IsAlnum(static_cast<unsigned char>(t_[end]));
      // "Hua Chunying": the name followed by a capitalised word.
      if (word_end && end + 1 < t_.size() && t_[end] == ' ' && Upper(end + 1)) {
        size_t we = end + 1;
        while (we < t_.size() && (IsAlnum(static_cast<unsigned char>(t_[we])) || static_cast<unsigned char>(t_[we]) >= 0x80) &&
               PunctBytes(t_, we) == 0)
          ++we;
        std::string_view nextl = low_.substr(end + 1, we - end - 1);
        std::string_view next = t_.substr(end + 1, we - end - 1);
        bool letters = !next.empty() && std::all_of(next.begin(), next.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        });
        if (letters && !lex_.title_words.Contains(nextl) && !lex_.org_words.Contains(nextl) && !lex_.cue_forms.Contains(nextl) &&
            !lex_.sentence_adverbs.Contains(nextl) && (pos == 0 || !Upper(pos - 2 < t_.size() && pos >= 2 ? WordStart(pos - 1) : pos)))
          return name + " " + std::string(next);
      }
      if (word_end && pos >= 2 && t_[pos - 1] == ' ') {
        size_t wb = pos - 1;
        while (wb > 0 && t_[wb - 1] != ' ' && t_[wb - 1] != '\n') --wb;
        std::string_view prev = t_.substr(wb, pos - 1 - wb);
        std::string_view prevl = low_.substr(wb, pos - 1 - wb);
        if (!prev.empty() && prev[0] >= 'A' && prev[0] <= 'Z' && !lex_.title_words.Contains(prevl) &&
            !lex_.sentence_adverbs.Contains(prevl) && std::isalpha(static_cast<unsigned char>(prev.back())) &&
            !lex_.org_words.Contains(prevl))
          return std::string(prev) + " " + name;
      }
      pos = end;
    }
    return name;
  }

  // The article's entities by ASCII-folded name, looked up once per quote
  // (a scan of them all per quote made an article of thousands of both
  // quadratic). Each key maps to the first entity in entities_ order that
  // has it, as a scan in that order finds.
  struct EntityIndex {
    std::unordered_map<std::string, uint32_t> by_name;
    std::unordered_map<std::string, uint32_t> by_name_or_alias;
    std::unordered_map<std::string, uint32_t> by_person_last_word;  // of names of two words or more
  };
  const EntityIndex& Entities() {
    if (!entity_index_) {
      entity_index_.emplace();
      for (uint32_t i = 0; i < entities_.size(); ++i) {
        const Entity& e = entities_[i];
        entity_index_->by_name.try_emplace(FoldAscii(e.name), i);
        entity_index_->by_name_or_alias.try_emplace(FoldAscii(e.name), i);
        for (const auto& a : e.aliases) entity_index_->by_name_or_alias.try_emplace(FoldAscii(a), i);
        const size_t space = e.name.rfind(' ');
        if (e.type == EntityType::kPerson && space != std::string::npos)
          entity_index_->by_person_last_word.try_emplace(FoldAscii(std::string_view(e.name).substr(space + 1)), i);
      }
    }
    return *entity_index_;
  }

  std::string Canonical(const std::string& name) {
    if (name.empty() || entities_.empty()) return name;
    std::string_view n = name;
    if (n.starts_with("the ")) n.remove_prefix(4);
    const EntityIndex& index = Entities();
    if (auto it = index.by_name_or_alias.find(FoldAscii(n)); it != index.by_name_or_alias.end())
      return entities_[it->second].name;
    // Same last word, for people: "Peskov" = "Dmitry Peskov".
    size_t sp = n.rfind(' ');
    std::string_view lastw = sp == std::string_view::npos ? n : n.substr(sp + 1);
    if (auto it = index.by_person_last_word.find(FoldAscii(lastw)); it != index.by_person_last_word.end())
      return entities_[it->second].name;
    return name;
  }

  bool EntityIsOrg(const std::string& name, bool guess) {
    const EntityIndex& index = Entities();
    auto it = index.by_name.find(FoldAscii(name));
    return it == index.by_name.end() ? guess : entities_[it->second].type != EntityType::kPerson;
  }

  void Emit(const Pending& p) {
    if (p.content.size() == 0) return;
    // The same content already found (a partial that is the whole indirect, say): keep the first.
    if (!emitted_.emplace(p.content.begin, p.content.end, static_cast<int>(p.kind)).second) return;
    Quote q;
    q.kind = p.kind;
    q.span = p.content;
    q.text = std::string(t_.substr(p.content.begin, p.content.size()));
    q.cue = p.cue;
    q.cue_span = p.cue_span;
    if (p.inherit >= 0) {
      const Quote& prev = out_[p.inherit];
      q.speaker = prev.speaker;
      q.cue = prev.cue;
      q.cue_span = prev.cue_span;
      q.speaker_span = prev.speaker_span;
      out_.push_back(std::move(q));
      return;
    }
    q.speaker_span = p.np;
    const Span np = p.name_np.size() > 0 ? p.name_np : p.np;
    if (np.size() > 0) {
      std::string_view npl = low_.substr(np.begin, np.size());
      std::string name;
      bool org = false;
      auto last_of = [&](bool want_org) -> const SpeakerMemory* {
        for (auto it = memory_.rbegin(); it != memory_.rend(); ++it)
          if (it->org == want_org) return &*it;
        return nullptr;
      };
      if (npl == "he" || npl == "she" || npl == "i") {
        const SpeakerMemory* m = last_of(false);
        // A person who opens a sentence of this paragraph after the last
        // speaker is who the pronoun is ("Mrs Aske, whose husband ..., is on
        // the union's side. \"...,\" she said.").
        // ("Ms. He said": a name, not the pronoun.)
        const bool after_honorific = np.begin >= 4 && (low_.substr(np.begin - 4, 4) == "ms. " ||
                                                       low_.substr(np.begin - 4, 4) == "mr. " ||
                                                       low_.substr(np.begin - 3, 3) == "ms " ||
                                                       low_.substr(np.begin - 3, 3) == "mr ");
        const auto [subject, subject_at] = after_honorific ? std::pair<std::string, size_t>{"", 0}
                                                           : ParagraphSubjectBefore(std::min(p.content.begin, np.begin));
        if (!subject.empty() && (!m || subject_at > m->at)) name = subject;
        else if (m) name = m->name;
        else name = NearestPersonBefore(np.begin);
      } else if (npl == "it") {
        if (const SpeakerMemory* m = last_of(true)) {
          name = m->name;
          org = true;
        }
      } else if (npl == "who" || npl == "which") {
        name = RelativeAntecedent(np.begin);
        org = npl == "which" || LooksOrg(FoldAscii(name));
      } else if (npl == "they" || npl == "we" || npl == "you") {
        if (!memory_.empty() && memory_.back().org) name = memory_.back().name, org = true;
      } else if ((npl.starts_with("the ") || npl.starts_with("this ")) && npl.find(' ', 4) == std::string_view::npos &&
                 !Upper(np.begin + npl.find(' ') + 1)) {
        // "the spokesman", "the statement", "the ministry": the previous speaker so described.
        std::string_view head = npl.substr(npl.find(' ') + 1);
        for (auto it = memory_.rbegin(); it != memory_.rend(); ++it)
          if (it->np_lower.find(head) != std::string::npos) {
            name = it->name;
            org = it->org;
            break;
          }
        if (name.empty() && (head == "statement" || head == "ministry" || head == "government")) {
          if (const SpeakerMemory* m = last_of(true)) name = m->name, org = true;
        }
        if (name.empty() && (head == "spokesman" || head == "spokeswoman" || head == "spokesperson" ||
                             head == "president" || head == "minister")) {
          if (const SpeakerMemory* m = last_of(false)) name = m->name;
        }
        if (name.empty()) name = std::string(t_.substr(np.begin, np.size()));
      } else {
        // A role named before the comma, the person after it.
        name = AppositiveName(p.np);
        if (name.empty()) name = Expand(NameOf(np), np.begin);
        org = LooksOrg(npl);
      }
      name = Canonical(name);
      org = EntityIsOrg(name, org);
      q.speaker = name;
      if (!name.empty()) {
        // The speakers named so far, the latest kSpeakerMemory of them at least
        // (pronouns and surnames look back through them).
        if (memory_.size() >= 2 * kSpeakerMemory) memory_.erase(memory_.begin(), memory_.begin() + kSpeakerMemory);
        memory_.push_back(SpeakerMemory{name, std::string(npl), org, np.begin});
      }
    }
    out_.push_back(std::move(q));
  }

  // Start of the word ending just before the space at `sp`.
  size_t WordStart(size_t sp) const {
    size_t b = sp;
    while (b > 0 && t_[b - 1] != ' ' && t_[b - 1] != '\n') --b;
    return b;
  }
  bool Upper(size_t pos) const { return pos < t_.size() && t_[pos] >= 'A' && t_[pos] <= 'Z'; }

  static std::string FoldAscii(std::string_view s) {
    std::string r(s);
    for (char& c : r) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return r;
  }

  // "Trump, who said": the capitalised phrase before the comma before `who`.
  std::string RelativeAntecedent(size_t who) const {
    size_t i = who;
    while (i > 0 && (t_[i - 1] == ' ' || t_[i - 1] == ',')) --i;
    size_t e = i;
    size_t b = i;
    while (b > 0) {
      size_t wb = b;
      while (wb > 0 && t_[wb - 1] != ' ' && t_[wb - 1] != '\n' && t_[wb - 1] != ',') --wb;
      if (wb == b || !Upper(wb)) break;
      b = wb;
      if (b == 0 || t_[b - 1] != ' ') break;
      --b;
      if (b < e && t_[b] == ' ') {
        // keep scanning the previous word
      }
    }
    while (b < e && t_[b] == ' ') ++b;
    if (b >= e) return {};
    return std::string(t_.substr(b, e - b));
  }

  // The last person (an entity of the article) whose mention opens a
  // sentence of the paragraph that holds `pos`, before `pos` and at most
  // kSubjectWindow bytes back, maybe after an honorific ("Mrs Aske"); its
  // name and where the mention starts, or "".
  std::pair<std::string, size_t> ParagraphSubjectBefore(size_t pos) {
    if (!person_mentions_ready_) {
      for (const Entity& e : entities_)
        if (e.type == EntityType::kPerson)
          for (const text::Span& m : e.mentions) person_mentions_.push_back({m, &e.name});
      std::sort(person_mentions_.begin(), person_mentions_.end(),
                [](const PersonMention& a, const PersonMention& b) { return a.span.begin < b.span.begin; });
      person_mentions_ready_ = true;
    }
    // Only the window is read, not the paragraph back to its start: a
    // paragraph can be a megabyte long, and every pronoun reading back to
    // its start made an article of many quotes quadratic. `para` is where
    // the paragraph starts, or the window's start inside a longer one.
    const size_t from = pos > kSubjectWindow ? pos - kSubjectWindow : 0;
    const size_t newline = t_.substr(from, pos - from).rfind('\n');
    const size_t para = newline == std::string_view::npos ? from : from + newline + 1;
    const bool para_start = para == 0 || t_[para - 1] == '\n';
    auto it = std::partition_point(person_mentions_.begin(), person_mentions_.end(),
                                   [&](const PersonMention& m) { return m.span.begin < pos; });
    while (it != person_mentions_.begin()) {
      const text::Span m = (--it)->span;
      if (m.begin < para) break;
      if (m.end > pos) continue;
      // A possessive is no subject ("Anwar's trial is a reminder ...").
      if (t_.substr(m.end).starts_with("'s") || t_.substr(m.end).starts_with("\u2019s")) continue;
      size_t b = m.begin;
      // Past an honorific right before the name (four bytes at most).
      size_t w = b;
      while (w > para && t_[w - 1] == ' ') --w;
      size_t wb = w;
      while (wb > para && wb + 5 > w && t_[wb - 1] != ' ' && t_[wb - 1] != '\n') --wb;
      const std::string_view before = low_.substr(wb, w - wb);
      if (before == "mr" || before == "mrs" || before == "ms" || before == "dr" || before == "mr." ||
          before == "mrs." || before == "ms." || before == "dr.")
        b = wb;
      // A sentence opens there: the paragraph's start, or after ". ", "? ",
      // "! " (and closing quotes); not after an abbreviation or an initial
      // ("Sen. Trent Lott", "John F. Kennedy": four letters at most).
      size_t k = b;
      while (k > para && t_[k - 1] == ' ') --k;
      while (k > para && (t_[k - 1] == '"' || t_[k - 1] == '\'')) --k;
      const bool at_start = k == para && para_start;
      bool abbreviation = false;
      if (!at_start && t_[k - 1] == '.') {
        size_t a = k - 1;
        while (a > 0 && a + 5 > k - 1 && IsAlnum(static_cast<unsigned char>(t_[a - 1]))) --a;
        abbreviation = k - 1 - a <= 4 && Upper(a);
      }
      const bool opens = at_start || (t_[k - 1] == '.' && !abbreviation) || t_[k - 1] == '?' || t_[k - 1] == '!';
      if (opens && (at_start || k < b)) return {*it->name, m.begin};
    }
    return {"", 0};
  }

  // The nearest capitalised two-word name before `pos` (no speaker yet for "he").
  std::string NearestPersonBefore(size_t pos) const {
    size_t lo = pos > 600 ? pos - 600 : 0;
    std::string best;
    size_t i = lo;
    while (i < pos) {
      if (Upper(i) && (i == 0 || t_[i - 1] == ' ')) {
        size_t j = i;
        int words = 0;
        size_t end = i;
        while (j < pos && Upper(j)) {
          size_t k = j;
          while (k < pos && IsAlnum(static_cast<unsigned char>(t_[k]))) ++k;
          ++words;
          end = k;
          if (k < pos && t_[k] == ' ' && Upper(k + 1)) j = k + 1;
          else break;
        }
        if (words >= 2 && !LooksOrg(FoldAscii(t_.substr(i, end - i)))) {
          size_t s = i;
          // Strip titles.
          while (true) {
            size_t sp = t_.find(' ', s);
            if (sp == std::string_view::npos || sp >= end) break;
            if (!lex_.title_words.Contains(low_.substr(s, sp - s))) break;
            s = sp + 1;
          }
          if (t_.find(' ', s) < end) best = std::string(t_.substr(s, end - s));
        }
        i = end + 1;
        continue;
      }
      ++i;
    }
    return best;
  }

  std::string_view t_;
  std::string lower_;
  std::string_view low_;
  const std::vector<Entity>& entities_;
  struct PersonMention {
    text::Span span;
    const std::string* name;
  };
  std::vector<PersonMention> person_mentions_;  // of entities_' people, by start; built on first use
  bool person_mentions_ready_ = false;
  std::optional<EntityIndex> entity_index_;  // built on first use
  const Lexicon& lex_;
  const quote_model::Model& model_;
  const quote_model::CueFilter& filter_;
  static constexpr float kNotCandidate = -1e30f;
  std::vector<float> cue_score_;  // per item: the cue model's score, kNotCandidate when not asked
  std::vector<Tok> toks_;
  std::vector<QuoteMark> quotes_;
  std::vector<std::pair<size_t, size_t>> quote_marks_;  // quotation spans with marks
  std::vector<Item> items_;
  std::vector<Quote> out_;
  std::set<std::tuple<size_t, size_t, int>> emitted_;  // (content span, kind) of every quote in out_
  std::vector<SpeakerMemory> memory_;
  struct Intro {
    Span np;
    Span name_np;
    std::string cue;
    Span cue_span;
  } intro_;
  int intro_sentence_ = -10;
  Span prev_subject_;
  int sentence_no_ = 0;
  int sentence_in_paragraph_ = 0;
  bool title_case_ = false;
  int last_direct_ = -1;
  int last_direct_sentence_ = -10;
  bool last_paragraph_open_quote_ = false;
};

}  // namespace

std::vector<Quote> FindQuotes(std::string_view text, const std::vector<Entity>& entities) {
  return Finder(text, entities).Run();
}

}  // namespace storyline::facts
