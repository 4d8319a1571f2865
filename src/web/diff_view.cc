// The side-by-side version diff shared by the requirement and profile pages.
#include <map>

#include "domain/diff.h"
#include "web/html.h"

namespace helsekrav::web {
namespace {

std::string FieldLabel(const std::string& field) {
  static const std::map<std::string, std::string> kLabels = {
      {"title", "Tittel"},
      {"name", "Navn"},
      {"description", "Beskrivelse"},
      {"use", "Bruk"},
      {"category", "Produktkategori"},
      {"categories", "Produktkategorier"},
      {"area", "Område"},
      {"layer", "Samhandlingsnivå"},
      {"scope", "Virkeområde"},
      {"obligation", "Forpliktelse"},
      {"legal_basis", "Hjemmel"},
      {"owner", "Eier"},
      {"valid_from", "Gyldig fra"},
      {"valid_to", "Gyldig til"},
      {"source", "Kilde"},
      {"verification_methods", "Verifikasjonsmetoder"},
      {"actor_types", "Aktørtyper"},
      {"integrations", "Integrasjoner"},
      {"standards", "Standarder"},
      {"approval_schemes", "Godkjenningsordninger"},
      {"requirements", "Krav"}};
  auto it = kLabels.find(field);
  if (it != kLabels.end()) return it->second;
  if (field.rfind("requirements[", 0) == 0) {
    return "Forpliktelse for " + field.substr(13, field.find(']') - 13);
  }
  return field;
}

// A field's value as readers know it: Norwegian labels for codes, Norwegian dates.
std::string Readable(const std::string& field, const std::string& value) {
  if (value.empty()) return "ingen";
  auto label = [&](auto parsed) { return parsed ? std::string(domain::Label(*parsed)) : value; };
  if (field == "area") return label(domain::Parse<domain::Area>(value));
  if (field == "layer") return label(domain::Parse<domain::InteropLayer>(value));
  if (field == "scope") return label(domain::Parse<domain::Scope>(value));
  if (field == "obligation" || field.rfind("requirements[", 0) == 0) {
    return label(domain::Parse<domain::Obligation>(value));
  }
  if (field == "verification_methods") {
    return label(domain::Parse<domain::VerificationMethod>(value));
  }
  if (field == "actor_types") return label(domain::Parse<domain::ActorType>(value));
  if (field == "valid_from" || field == "valid_to") {
    auto date = Date::Parse(value);
    return date ? date->ToNorwegian() : value;
  }
  return value;
}

std::string Removed(const std::string& line) {
  return "<del><span class=\"ds-sr-only\">Fjernet: </span>− " + Escape(line) + "</del>";
}
std::string Added(const std::string& line) {
  return "<ins><span class=\"ds-sr-only\">Lagt til: </span>+ " + Escape(line) + "</ins>";
}

std::string TextTable(const domain::VersionDiff& d) {
  using Kind = domain::LineOp::Kind;
  std::string html =
      "<div class=\"hk-table-wrap\"><table class=\"ds-table hk-diff\">\n<caption>"
      "Teksten, versjon " +
      std::to_string(d.from_version) + " mot versjon " + std::to_string(d.to_version) +
      "</caption>\n<thead><tr><th scope=\"col\">Versjon " + std::to_string(d.from_version) +
      "</th><th scope=\"col\">Versjon " + std::to_string(d.to_version) +
      "</th></tr></thead>\n<tbody>\n";
  std::size_t i = 0;
  while (i < d.text.size()) {
    if (d.text[i].kind == Kind::kSame) {
      html += "<tr><td>" + Escape(d.text[i].line) + "</td><td>" + Escape(d.text[i].line) +
              "</td></tr>\n";
      ++i;
      continue;
    }
    std::vector<std::string> removed, added;
    for (; i < d.text.size() && d.text[i].kind != Kind::kSame; ++i) {
      (d.text[i].kind == Kind::kRemoved ? removed : added).push_back(d.text[i].line);
    }
    for (std::size_t k = 0; k < std::max(removed.size(), added.size()); ++k) {
      html += "<tr><td>" + (k < removed.size() ? Removed(removed[k]) : std::string()) +
              "</td><td>" + (k < added.size() ? Added(added[k]) : std::string()) + "</td></tr>\n";
    }
  }
  return html + "</tbody>\n</table></div>\n";
}

}  // namespace

std::string DiffHtml(const domain::VersionDiff& d) {
  if (d.empty()) return Paragraph("Ingen endringer i innholdet.");
  std::string html;
  if (!d.fields.empty() || !d.lists.empty()) {
    html += "<ul class=\"ds-list\">\n";
    for (const auto& f : d.fields) {
      html += "<li>" + Escape(FieldLabel(f.field)) + ": " + Removed(Readable(f.field, f.from)) +
              " → " + Added(Readable(f.field, f.to)) + "</li>\n";
    }
    for (const auto& l : d.lists) {
      html += "<li>" + Escape(FieldLabel(l.field)) + ":";
      for (const auto& a : l.added) html += " " + Added(Readable(l.field, a));
      for (const auto& r : l.removed) html += " " + Removed(Readable(l.field, r));
      html += "</li>\n";
    }
    html += "</ul>\n";
  }
  if (!d.text.empty()) html += TextTable(d);
  return html;
}

}  // namespace helsekrav::web
