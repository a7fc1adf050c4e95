// Feeds: RSS 2.0 (and 1.0), Atom and JSON Feed, every item a Document.
// XML through libxml2 with no network, no DTD loading and no entity
// substitution; JSON Feed through nlohmann::json.

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>

#include "charset.h"
#include "internal.h"
#include "storyline/text.h"

namespace storyline::ingest {
namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kRss1Ns = "http://purl.org/rss/1.0/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";



// ---- Dates -------------------------------------------------------------------

bool ReadInt(std::string_view& s, size_t digits_min, size_t digits_max, int& out) {
  size_t n = 0;
  while (n < s.size() && n < digits_max && s[n] >= '0' && s[n] <= '9') ++n;
  if (n < digits_min) return false;
  std::from_chars(s.data(), s.data() + n, out);
  s.remove_prefix(n);
  return true;
}

std::string Offset(int minutes) {
  char sign = minutes < 0 ? '-' : '+';
  minutes = std::abs(minutes);
  return fmt::format("{}{:02}:{:02}", sign, minutes / 60, minutes % 60);
}

// "+0200", "+02:00", "Z", "GMT", "EST"...; minutes east of UTC.
std::optional<int> ParseZone(std::string_view z) {
  z = TrimSpace(z);
  if (z.empty()) return std::nullopt;
  if (z[0] == '+' || z[0] == '-') {
    int sign = z[0] == '-' ? -1 : 1;
    z.remove_prefix(1);
    int h = 0, m = 0;
    std::string_view t = z;
    if (!ReadInt(t, 2, 2, h)) return std::nullopt;
    if (!t.empty() && t[0] == ':') t.remove_prefix(1);
    if (!t.empty() && !ReadInt(t, 2, 2, m)) return std::nullopt;
    if (h > 23 || m > 59) return std::nullopt;
    return sign * (h * 60 + m);
  }
  static const std::pair<const char*, int> kZones[] = {
      {"z", 0},        {"gmt", 0},      {"ut", 0},        {"utc", 0},      {"est", -300},  {"edt", -240},
      {"cst", -360},   {"cdt", -300},   {"mst", -420},    {"mdt", -360},   {"pst", -480},  {"pdt", -420},
      {"cet", 60},     {"cest", 120},   {"bst", 60},      {"eet", 120},    {"eest", 180},  {"wet", 0},
      {"west", 60},    {"jst", 540},    {"kst", 540},     {"aest", 600},   {"aedt", 660},  {"hkt", 480},
      {"sgt", 480},    {"msk", 180},    {"akst", -540},   {"akdt", -480},  {"hst", -600},
  };
  std::string lz = LowerAscii(z);
  for (const auto& [name, minutes] : kZones)
    if (lz == name) return minutes;
  return std::nullopt;
}

bool ValidDate(int y, int mo, int d, int h, int mi, int s) {
  return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 &&
         mi <= 59 && s >= 0 && s <= 60;
}

std::optional<std::string> Iso(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!ReadInt(s, 4, 4, y) || s.empty() || s[0] != '-') return std::nullopt;
  s.remove_prefix(1);
  if (!ReadInt(s, 2, 2, mo) || s.empty() || s[0] != '-') return std::nullopt;
  s.remove_prefix(1);
  if (!ReadInt(s, 2, 2, d)) return std::nullopt;
  if (s.empty()) {
    if (!ValidDate(y, mo, d, 0, 0, 0)) return std::nullopt;
    return fmt::format("{:04}-{:02}-{:02}", y, mo, d);
  }
  if (s[0] != 'T' && s[0] != 't' && s[0] != ' ') return std::nullopt;
  s.remove_prefix(1);
  if (!ReadInt(s, 2, 2, h) || s.empty() || s[0] != ':') return std::nullopt;
  s.remove_prefix(1);
  if (!ReadInt(s, 2, 2, mi)) return std::nullopt;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    if (!ReadInt(s, 2, 2, sec)) return std::nullopt;
    if (!s.empty() && (s[0] == '.' || s[0] == ',')) {
      s.remove_prefix(1);
      int frac;
      if (!ReadInt(s, 1, 9, frac)) return std::nullopt;
    }
  }
  if (!ValidDate(y, mo, d, h, mi, sec)) return std::nullopt;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, mo, d, h, mi, sec);
  if (TrimSpace(s).empty()) return out;
  auto zone = ParseZone(s);
  if (!zone) return std::nullopt;
  return out + Offset(*zone);
}

std::optional<std::string> Rfc822(std::string_view s) {
  // [Day,] DD Mon YYYY HH:MM[:SS] [ZONE]
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma < 12) s.remove_prefix(comma + 1);
  s = TrimSpace(s);
  std::vector<std::string_view> parts;
  while (!s.empty()) {
    size_t sp = s.find_first_of(" \t");
    parts.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s = TrimSpace(s.substr(sp));
  }
  if (parts.size() < 3) return std::nullopt;
  int d, y, h = 0, mi = 0, sec = 0;
  std::string_view t = parts[0];
  if (!ReadInt(t, 1, 2, d) || !t.empty()) return std::nullopt;
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string mon = LowerAscii(parts[1].substr(0, 3));
  int mo = 0;
  for (int i = 0; i < 12; ++i)
    if (mon == kMonths[i]) mo = i + 1;
  if (!mo) return std::nullopt;
  t = parts[2];
  if (!ReadInt(t, 2, 4, y) || !t.empty()) return std::nullopt;
  if (parts[2].size() == 2) y += y < 50 ? 2000 : 1900;
  bool has_time = parts.size() >= 4;
  if (has_time) {
    t = parts[3];
    if (!ReadInt(t, 1, 2, h) || t.empty() || t[0] != ':') return std::nullopt;
    t.remove_prefix(1);
    if (!ReadInt(t, 2, 2, mi)) return std::nullopt;
    if (!t.empty() && t[0] == ':') {
      t.remove_prefix(1);
      if (!ReadInt(t, 2, 2, sec)) return std::nullopt;
    }
    if (!t.empty()) return std::nullopt;
  }
  if (!ValidDate(y, mo, d, h, mi, sec)) return std::nullopt;
  if (!has_time) return fmt::format("{:04}-{:02}-{:02}", y, mo, d);
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, mo, d, h, mi, sec);
  if (parts.size() >= 5) {
    auto zone = ParseZone(parts[4]);
    if (!zone) return std::nullopt;
    out += Offset(*zone);
  }
  return out;
}

// ---- XML helpers ---------------------------------------------------------------

bool Is(const xmlNode* n, const char* name, const char* ns = nullptr) {
  if (!n || n->type != XML_ELEMENT_NODE || std::strcmp(reinterpret_cast<const char*>(n->name), name) != 0)
    return false;
  const char* href = n->ns ? reinterpret_cast<const char*>(n->ns->href) : nullptr;
  if (!ns) return !href || std::strcmp(href, kRss1Ns) == 0 || std::strcmp(href, kAtomNs) == 0;
  return href && std::strcmp(href, ns) == 0;
}

std::vector<const xmlNode*> Children(const xmlNode* parent, const char* name, const char* ns = nullptr) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (Is(c, name, ns)) out.push_back(c);
  return out;
}

const xmlNode* Child(const xmlNode* parent, const char* name, const char* ns = nullptr) {
  for (const xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (Is(c, name, ns)) return c;
  return nullptr;
}

// The text of a node. Entity references other than the predefined ones (which
// the parser already replaced) are left out: expanding them is how XML bombs work.
void AppendText(const xmlNode* n, std::string& out, int depth = 0) {
  if (depth > 200) return;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendText(c, out, depth + 1);
    }
  }
}

std::string Text(const xmlNode* n) {
  if (!n) return {};
  std::string out;
  AppendText(n, out);
  return std::string(TrimSpace(out));
}

std::string Attr(const xmlNode* n, const char* name) {
  if (!n) return {};
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0 && a->children && a->children->content)
      return std::string(TrimSpace(reinterpret_cast<const char*>(a->children->content)));
  }
  return {};
}

// The markup inside `n` (Atom type="xhtml": the children of its <div>).
std::string InnerXml(const xmlNode* n) {
  const xmlNode* div = nullptr;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      div = std::strcmp(reinterpret_cast<const char*>(c->name), "div") == 0 ? c : nullptr;
      break;
    }
  const xmlNode* from = div ? div : n;
  std::unique_ptr<xmlBuffer, void (*)(xmlBuffer*)> buf(xmlBufferCreate(), xmlBufferFree);
  for (xmlNode* c = from->children; c; c = c->next) xmlNodeDump(buf.get(), c->doc, c, 0, 0);
  return std::string(TrimSpace(reinterpret_cast<const char*>(xmlBufferContent(buf.get()))));
}

std::string ResolveUrl(const xmlNode* n, const std::string& href) {
  if (href.empty() || href.find("://") != std::string::npos) return href;
  xmlChar* base = xmlNodeGetBase(n->doc, n);
  if (!base) return href;
  xmlChar* full = xmlBuildURI(reinterpret_cast<const xmlChar*>(href.c_str()), base);
  std::string out = full ? reinterpret_cast<const char*>(full) : href;
  xmlFree(full);
  xmlFree(base);
  return out;
}

// "jane@example.com (Jane Doe)" -> "Jane Doe".
std::string RssAuthorName(std::string_view s) {
  s = TrimSpace(s);
  size_t open = s.find('('), close = s.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open && s.find('@') < open)
    return std::string(TrimSpace(s.substr(open + 1, close - open - 1)));
  return std::string(s);
}

xmlParserInputPtr NoExternalEntities(const char* url, const char*, xmlParserCtxtPtr ctxt) {
  return nullptr;  // never load anything: no files, no network
}

struct Item {
  std::string id, url, title, published, content;
  std::vector<std::string> authors;
  bool html = true;
};

class FeedReader {
 public:
  FeedReader(const std::string& name, const Options& options, const Sink& sink)
      : name_(name), options_(options), sink_(sink) {}

  void Emit(std::vector<Item>& items) {
    if (items.empty()) sink_.error({name_, Status::NotFound("feed has no items")});
    size_t n = 0;
    for (Item& item : items) {
      ++n;
      std::string input = fmt::format("{}:item {}", name_, n);
      if (TrimSpace(item.content).empty()) {
        sink_.error({input, Status::BadInput(fmt::format("feed item \"{}\" has no content or summary",
                                                          item.title.empty() ? item.url : item.title))});
        continue;
      }
      Document doc;
      doc.article = DefaultArticle(options_);
      doc.article.input = input;
      doc.article.id = !item.id.empty() ? item.id : !item.url.empty() ? item.url
                                                                       : fmt::format("{}-{}", InputStem(name_), n);
      if (!item.url.empty()) doc.article.url = item.url;
      if (!outlet_.empty()) doc.article.outlet = outlet_;
      if (!language_.empty()) doc.article.language = language_;
      doc.article.title = item.title;
      doc.article.authors = item.authors.empty() ? feed_authors_ : item.authors;
      if (!item.published.empty()) {
        if (auto iso = NormalizeFeedDate(item.published)) doc.article.published = *iso;
        else doc.warnings.push_back(fmt::format("{}: unparseable date \"{}\" left out", input, item.published));
      }
      doc.article.text = std::move(item.content);
      doc.format = item.html ? Document::Format::kHtmlFragment : Document::Format::kText;
      doc.charset = "utf-8";
      sink_.document(std::move(doc));
    }
  }

  void SetLanguage(std::string_view lang) {
    lang = TrimSpace(lang);
    std::string l = LowerAscii(lang.substr(0, lang.find_first_of("-_")));
    if (l.size() == 2 && options_.default_language.empty()) language_ = l;
  }

  // RSS 2.0 / 1.0.
  void Rss(const xmlNode* root) {
    const xmlNode* channel = Child(root, "channel");
    outlet_ = Text(Child(channel, "title"));
    SetLanguage(Text(Child(channel, "language")));
    if (language_.empty()) SetLanguage(Text(Child(channel, "language", kDcNs)));
    std::vector<Item> items;
    std::vector<const xmlNode*> nodes = Children(channel, "item");
    for (const xmlNode* n : Children(root, "item")) nodes.push_back(n);  // RSS 1.0
    for (const xmlNode* n : nodes) {
      Item item;
      item.title = Text(Child(n, "title"));
      item.url = Text(Child(n, "link"));
      if (item.url.empty()) item.url = Attr(n, "about");
      item.id = Text(Child(n, "guid"));
      item.published = Text(Child(n, "pubDate"));
      if (item.published.empty()) item.published = Text(Child(n, "date", kDcNs));
      for (const xmlNode* a : Children(n, "creator", kDcNs))
        for (auto& name : SplitAuthorNames(Text(a))) item.authors.push_back(name);
      if (item.authors.empty())
        for (const xmlNode* a : Children(n, "author"))
          if (auto name = RssAuthorName(Text(a)); !name.empty()) item.authors.push_back(name);
      item.content = Text(Child(n, "encoded", kContentNs));
      if (TrimSpace(item.content).empty()) item.content = Text(Child(n, "description"));
      items.push_back(std::move(item));
    }
    Emit(items);
  }

  static std::vector<std::string> AtomAuthors(const xmlNode* n) {
    std::vector<std::string> out;
    for (const xmlNode* a : Children(n, "author", kAtomNs))
      if (auto name = Text(Child(a, "name", kAtomNs)); !name.empty()) out.push_back(name);
    return out;
  }

  // Atom content or summary: the text and whether it is HTML.
  static std::pair<std::string, bool> AtomText(const xmlNode* n) {
    if (!n) return {{}, true};
    std::string type = LowerAscii(Attr(n, "type"));
    if (!Attr(n, "src").empty()) return {{}, true};  // out-of-line content
    if (type == "xhtml") return {InnerXml(n), true};
    if (type == "html" || type == "text/html") return {Text(n), true};
    if (type.empty() || type == "text" || type == "text/plain") return {Text(n), false};
    if (type.find("xml") != std::string::npos) return {InnerXml(n), true};
    return {{}, true};  // base64 media
  }

  void Atom(const xmlNode* root) {
    outlet_ = Text(Child(root, "title", kAtomNs));
    feed_authors_ = AtomAuthors(root);
    xmlChar* lang = xmlNodeGetLang(root);
    if (lang) {
      SetLanguage(reinterpret_cast<const char*>(lang));
      xmlFree(lang);
    }
    std::vector<Item> items;
    for (const xmlNode* n : Children(root, "entry", kAtomNs)) {
      Item item;
      item.title = Text(Child(n, "title", kAtomNs));
      std::string first_href;
      for (const xmlNode* l : Children(n, "link", kAtomNs)) {
        std::string rel = Attr(l, "rel");
        std::string href = Attr(l, "href");
        if (first_href.empty() && rel != "enclosure" && rel != "replies") first_href = href;
        if ((rel.empty() || rel == "alternate") && item.url.empty()) item.url = ResolveUrl(l, href);
      }
      if (item.url.empty() && !first_href.empty()) item.url = ResolveUrl(n, first_href);
      item.id = Text(Child(n, "id", kAtomNs));
      item.published = Text(Child(n, "published", kAtomNs));
      if (item.published.empty()) item.published = Text(Child(n, "updated", kAtomNs));
      item.authors = AtomAuthors(n);
      auto [content, html] = AtomText(Child(n, "content", kAtomNs));
      if (TrimSpace(content).empty()) std::tie(content, html) = AtomText(Child(n, "summary", kAtomNs));
      item.content = std::move(content);
      item.html = html;
      items.push_back(std::move(item));
    }
    Emit(items);
  }

  void JsonFeed(std::string_view bytes) {
    nlohmann::json feed = nlohmann::json::parse(bytes, nullptr, false);
    if (feed.is_discarded() || !feed.is_object()) {
      // Parse again for the message (exceptions stay inside this function).
      std::string message = "not JSON";
      try {
        nlohmann::json ignored = nlohmann::json::parse(bytes);
        (void)ignored;
      } catch (const nlohmann::json::exception& e) {
        message = e.what();
      }
      sink_.error({name_, Status::BadInput("broken JSON Feed: " + message)});
      return;
    }
    auto str = [](const nlohmann::json& o, const char* key) -> std::string {
      auto it = o.find(key);
      if (it == o.end()) return {};
      if (it->is_string()) return std::string(TrimSpace(it->get<std::string>()));
      if (it->is_number()) return it->dump();
      return {};
    };
    auto authors = [&](const nlohmann::json& o) {
      std::vector<std::string> out;
      if (auto it = o.find("authors"); it != o.end() && it->is_array())
        for (const auto& a : *it)
          if (a.is_object())
            if (auto name = str(a, "name"); !name.empty()) out.push_back(name);
      if (out.empty())
        if (auto it = o.find("author"); it != o.end() && it->is_object())
          if (auto name = str(*it, "name"); !name.empty()) out.push_back(name);
      return out;
    };
    outlet_ = str(feed, "title");
    feed_authors_ = authors(feed);
    SetLanguage(str(feed, "language"));
    std::vector<Item> items;
    auto it = feed.find("items");
    if (it == feed.end() || !it->is_array()) {
      sink_.error({name_, Status::BadInput("JSON Feed has no \"items\" list")});
      return;
    }
    for (const auto& o : *it) {
      if (!o.is_object()) continue;
      Item item;
      item.id = str(o, "id");
      item.url = str(o, "url");
      if (item.url.empty()) item.url = str(o, "external_url");
      item.title = str(o, "title");
      item.published = str(o, "date_published");
      if (item.published.empty()) item.published = str(o, "date_modified");
      item.authors = authors(o);
      item.content = str(o, "content_html");
      if (item.content.empty()) {
        item.content = str(o, "content_text");
        item.html = false;
      }
      if (item.content.empty()) {
        item.content = str(o, "summary");
        item.html = false;
      }
      items.push_back(std::move(item));
    }
    Emit(items);
  }

  void Xml(std::string_view bytes, FeedKind kind) {
    static std::once_flag once;
    std::call_once(once, [] {
      xmlInitParser();
      xmlSetExternalEntityLoader(NoExternalEntities);
    });
    const int base = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                     XML_PARSE_COMPACT;
    std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(), xmlFreeParserCtxt);
    if (!ctxt) return sink_.error({name_, Status::IoError("cannot create an XML parser")});
    std::string url = "file:///" + InputStem(name_);  // a base for relative links; never fetched
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(),
                                      nullptr, base);
    if (!doc || !ctxt->wellFormed) {
      const xmlError* e = xmlCtxtGetLastError(ctxt.get());
      std::string message = e && e->message ? std::string(TrimSpace(e->message)) : "unknown error";
      int line = e ? e->line : 0;
      if (doc) xmlFreeDoc(doc);
      // Salvage what a recovering parse finds: a truncated feed, or one stray
      // "&", should not lose every item.
      std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> again(xmlNewParserCtxt(), xmlFreeParserCtxt);
      doc = again ? xmlCtxtReadMemory(again.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(),
                                      nullptr, base | XML_PARSE_RECOVER)
                  : nullptr;
      sink_.error({name_, Status::BadInput(fmt::format("broken feed: XML error at line {}: {}{}", line, message,
                                                       doc ? " (items before it are still read)" : ""))});
      if (!doc) return;
    }
    std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> owner(doc, xmlFreeDoc);
    const xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return;
    if (kind == FeedKind::kAtom) Atom(root);
    else Rss(root);
  }

 private:
  const std::string& name_;
  const Options& options_;
  const Sink& sink_;
  std::string outlet_, language_;
  std::vector<std::string> feed_authors_;
};

}  // namespace

std::optional<std::string> NormalizeFeedDate(std::string_view date) {
  date = TrimSpace(date);
  if (date.empty()) return std::nullopt;
  if (date[0] >= '0' && date[0] <= '9' && date.size() >= 10 && date[4] == '-') return Iso(date);
  return Rfc822(date);
}

std::optional<FeedKind> SniffFeed(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = TrimSpace(head);
  if (head.starts_with("{")) {
    std::string lower = LowerAscii(head);
    if (lower.find("jsonfeed.org/version") != std::string::npos ||
        lower.find("jsonfeed.org\\/version") != std::string::npos)
      return FeedKind::kJsonFeed;
    return std::nullopt;
  }
  if (!head.starts_with("<")) return std::nullopt;
  // The root element: the first tag that is not <?...?>, <!...> or a comment.
  size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    if (pos + 1 >= head.size()) return std::nullopt;
    char c = head[pos + 1];
    if (c == '?' || c == '!') {
      size_t end = head.compare(pos, 4, "<!--") == 0 ? head.find("-->", pos) : head.find('>', pos);
      if (end == std::string_view::npos) return std::nullopt;
      pos = end + 1;
      continue;
    }
    size_t end = head.find_first_of(" \t\r\n/>", pos + 1);
    std::string name = LowerAscii(head.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos
                                                                                      : end - pos - 1));
    if (size_t colon = name.find(':'); colon != std::string::npos) name = name.substr(colon + 1);
    if (name == "rss" || name == "rdf") return FeedKind::kRss;
    if (name == "feed") return FeedKind::kAtom;
    if (name == "urlset" || name == "sitemapindex") return FeedKind::kSitemap;
    if (name == "html") return std::nullopt;
    return head.starts_with("<?xml") ? std::optional(FeedKind::kOtherXml) : std::nullopt;
  }
  return std::nullopt;
}

void ReadFeed(const std::string& name, std::string_view bytes, FeedKind kind, const Options& options,
              const Sink& sink) {
  if (kind == FeedKind::kSitemap) {
    size_t urls = 0;
    for (size_t at = bytes.find("<loc"); at != std::string_view::npos; at = bytes.find("<loc", at + 4)) ++urls;
    sink.error({name, Status::BadInput(fmt::format(
                          "sitemap: not an article source ({} URLs listed; fetch the pages and pass them)", urls))});
    return;
  }
  if (kind == FeedKind::kOtherXml) {
    sink.error({name, Status::BadInput("XML document that is not a feed (RSS, Atom) or a web page")});
    return;
  }
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    sink.error({name, Status::TooLarge("feed too large")});
    return;
  }
  FeedReader reader(name, options, sink);
  if (kind == FeedKind::kJsonFeed) return reader.JsonFeed(bytes);
  // XML without an encoding declaration must be UTF-8; feeds in the wild are
  // sometimes windows-1252 anyway: decode them rather than fail.
  std::string decoded;
  if (!bytes.starts_with("\xEF\xBB\xBF") && !bytes.starts_with("\xFF\xFE") && !bytes.starts_with("\xFE\xFF") &&
      PrescanMetaCharset(bytes).empty() && text::FindInvalidUtf8(bytes)) {
    Decoded d = DecodeToUtf8(bytes, "", false);
    for (const auto& w : d.warnings) sink.warning(name, w);
    decoded = std::move(d.text);
    bytes = decoded;
  }
  reader.Xml(bytes, kind);
}

}  // namespace storyline::ingest
