// /feed/endringer.atom: an Atom 1.0 feed of requirement and profile versions, newest first.
#include <algorithm>

#include "domain/catalog_rules.h"
#include "web/html.h"
#include "web/page_handlers.h"

namespace helsekrav::web {
namespace {

constexpr std::size_t kMaxEntries = 100;
// Entry ids are tag URIs (RFC 4151), stable whatever host serves the feed.
constexpr const char* kBase = "tag:helsekrav.no,2026:";

std::string Timestamp(Date d) { return d.ToIso() + "T00:00:00Z"; }

}  // namespace

Response AtomResponse(const AtomFeed& feed) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nb\">\n<id>" +
      Escape(std::string(kBase) + feed.id) + "</id>\n<title>" + Escape(feed.title) +
      "</title>\n<updated>" + Escape(feed.updated) +
      "</updated>\n<author><name>Helsekrav</name></author>\n"
      "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
      Escape(feed.self) + "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
      Escape(feed.alternate) + "\"/>\n";
  for (const AtomEntry& e : feed.entries) {
    xml += "<entry>\n<id>" + Escape(std::string(kBase) + e.id) + "</id>\n<title>" +
           Escape(e.title) + "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"" +
           Escape(e.href) + "\"/>\n<updated>" + Escape(e.updated) + "</updated>\n<summary>" +
           Escape(e.summary) + "</summary>\n</entry>\n";
  }
  xml += "</feed>\n";
  Response r = Response::Text(200, "application/atom+xml; charset=utf-8", std::move(xml));
  r.etag = http::StrongEtag(*r.body);
  return r;
}

Response ChangeFeed(const Request& /*request*/, const app::Snapshot& s) {
  std::vector<std::pair<Date, AtomEntry>> entries;
  for (const auto& r : s.catalog().requirements) {
    for (const auto& v : r.versions) {
      entries.push_back({v.valid_from,
                         {"krav/" + r.key + "/" + std::to_string(v.version),
                          r.key + " " + v.title + " (versjon " + std::to_string(v.version) + ")",
                          KeyPath("/krav", r.key) + "?versjon=" + std::to_string(v.version),
                          Timestamp(v.valid_from),
                          v.change_note.empty() ? "Ny versjon av kravet." : v.change_note}});
    }
  }
  for (const auto& p : s.catalog().profiles) {
    for (const auto& v : p.versions) {
      entries.push_back({v.valid_from,
                         {"profiler/" + p.key + "/" + std::to_string(v.version),
                          "Kravprofil: " + v.name + " (versjon " + std::to_string(v.version) + ")",
                          KeyPath("/profiler", p.key), Timestamp(v.valid_from),
                          v.change_note.empty() ? "Ny versjon av kravprofilen." : v.change_note}});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.id < b.second.id;
  });
  if (entries.size() > kMaxEntries) entries.resize(kMaxEntries);
  AtomFeed feed{"endringer",
                "Endringer i katalogen over krav til helseteknologi",
                "/feed/endringer.atom",
                "/",
                Timestamp(entries.empty() ? s.today() : entries.front().first),
                {}};
  for (auto& [date, entry] : entries) feed.entries.push_back(std::move(entry));
  return AtomResponse(feed);
}

}  // namespace helsekrav::web
