// GET-form filters for the list pages.
#include "web/filters.h"

namespace helsekrav::web {

std::vector<std::string> ReadKeys(const http::Request& request, const std::string& name,
                                  const std::string& label, const std::vector<std::string>& known,
                                  std::vector<std::string>& problems) {
  std::vector<std::string> out;
  for (const std::string& key : Params(request, name)) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      problems.push_back("Ukjent " + label + " «" + key + "».");
    } else {
      out.push_back(key);
    }
  }
  return out;
}

Date ReadDate(const http::Request& request, const std::string& name, Date fallback,
              std::vector<std::string>& problems) {
  std::string text = Param(request, name);
  if (text.empty()) return fallback;
  if (auto d = Date::Parse(text)) return *d;
  problems.push_back("Datoen «" + text + "» er ugyldig. Bruk formen ÅÅÅÅ-MM-DD, for eksempel " +
                     "2027-03-26.");
  return fallback;
}

int ReadPage(const http::Request& request, std::vector<std::string>& problems) {
  std::string text = Param(request, "page");
  if (text.empty()) return 1;
  if (text.size() > 6 || !std::all_of(text.begin(), text.end(), ::isdigit) || text == "0" ||
      std::stoi(text) < 1) {
    problems.push_back("Sidenummeret «" + text + "» er ugyldig.");
    return 1;
  }
  return std::stoi(text);
}

std::string CheckboxFacet(const std::string& name, const std::string& legend,
                          const std::vector<FacetValue>& values) {
  std::string html = "<fieldset class=\"ds-fieldset\">\n<legend class=\"ds-label\">" +
                     Escape(legend) + "</legend>\n";
  for (const FacetValue& v : values) {
    std::string id = "f-" + name + "-" + v.code;
    html += "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" name=\"" +
            Escape(name) + "\" id=\"" + Escape(id) + "\" value=\"" + Escape(v.code) + "\"" +
            (v.checked ? " checked" : "") +
            "><label class=\"ds-label\" data-weight=\"regular\" "
            "for=\"" +
            Escape(id) + "\">" + Escape(v.label) + " (" + std::to_string(v.count) +
            ")</label></div>\n";
  }
  return html + "</fieldset>\n";
}

std::string SelectFacet(const std::string& name, const std::string& legend,
                        const std::vector<FacetValue>& values) {
  std::string id = "f-" + name;
  std::string html = "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"" + Escape(id) +
                     "\">" + Escape(legend) + "</label>\n<select class=\"ds-input\" name=\"" +
                     Escape(name) + "\" id=\"" + Escape(id) +
                     "\">\n<option value=\"\">Alle</option>\n";
  for (const FacetValue& v : values) {
    html += "<option value=\"" + Escape(v.code) + "\"" + (v.checked ? " selected" : "") + ">" +
            Escape(v.label) + " (" + std::to_string(v.count) + ")</option>\n";
  }
  return html + "</select>\n</div>\n";
}

std::string DateField(const std::string& name, const std::string& label, Date value) {
  std::string id = "f-" + name;
  return "<div class=\"ds-field\">\n<label class=\"ds-label\" for=\"" + Escape(id) + "\">" +
         Escape(label) + "</label>\n<input class=\"ds-input\" type=\"date\" name=\"" +
         Escape(name) + "\" id=\"" + Escape(id) + "\" value=\"" + Escape(value.ToIso()) +
         "\">\n</div>\n";
}

}  // namespace helsekrav::web
