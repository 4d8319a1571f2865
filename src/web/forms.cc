// Form builders for the workspace pages.
#include "web/forms.h"

#include <algorithm>
#include <functional>

#include "web/layout.h"

namespace helsekrav::web {
namespace {

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + Escape(value) + "\"";
}

std::string Description(const std::string& id, std::string_view hint) {
  if (hint.empty()) return "";
  return "<div data-field=\"description\" id=\"" + Escape(id) + "-hjelp\">" + Escape(hint) +
         "</div>\n";
}

std::string Validation(const std::string& id, std::string_view error) {
  if (error.empty()) return "";
  return "<p class=\"ds-validation-message\" data-field=\"validation\" data-color=\"danger\" "
         "id=\"" +
         Escape(id) + "-feil\">" + Escape(error) + "</p>\n";
}

// aria-describedby/aria-invalid for a control with the given hint and error.
std::string Described(const std::string& id, std::string_view hint, std::string_view error) {
  std::string ids;
  if (!hint.empty()) ids = id + "-hjelp";
  if (!error.empty()) ids += (ids.empty() ? "" : " ") + id + "-feil";
  std::string html;
  if (!ids.empty()) html += Attr("aria-describedby", ids);
  if (!error.empty()) html += " aria-invalid=\"true\"";
  return html;
}

std::string Group(std::string_view type, std::string_view name, std::string_view legend,
                  const std::vector<Option>& options,
                  const std::function<bool(const std::string&)>& checked, std::string_view error,
                  std::string_view hint) {
  std::string group_id = std::string(name) + "-gruppe";
  std::string html = "<fieldset class=\"ds-fieldset\"" + Described(group_id, hint, error) +
                     ">\n<legend class=\"ds-label\">" + Escape(legend) + "</legend>\n" +
                     Description(group_id, hint);
  bool first = true;
  for (const Option& o : options) {
    std::string id = first ? std::string(name) : std::string(name) + "-" + o.value;
    first = false;
    html += "<div class=\"ds-field\">\n<input class=\"ds-input\"" + Attr("type", type) +
            Attr("name", name) + Attr("id", id) + Attr("value", o.value);
    if (checked(o.value)) html += " checked";
    if (!o.description.empty()) html += Attr("aria-describedby", id + "-beskrivelse");
    html += ">\n<label class=\"ds-label\" data-weight=\"regular\"" + Attr("for", id) + ">" +
            Escape(o.label) + "</label>\n";
    if (!o.description.empty()) {
      html += "<div data-field=\"description\"" + Attr("id", id + "-beskrivelse") + ">" +
              Escape(o.description) + "</div>\n";
    }
    html += "</div>\n";
  }
  return html + Validation(group_id, error) + "</fieldset>\n";
}

}  // namespace

std::string CsrfInput(std::string_view token) { return HiddenInput("csrf", token); }

std::string HiddenInput(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\"" + Attr("name", name) + Attr("value", value) + ">\n";
}

std::string TextField(std::string_view name, std::string_view label, std::string_view value,
                      std::string_view error, std::string_view type, std::string_view hint,
                      std::string_view autocomplete, bool required) {
  std::string id(name);
  std::string html = "<div class=\"ds-field\">\n<label class=\"ds-label\"" + Attr("for", id) + ">" +
                     Escape(label) + "</label>\n" + Description(id, hint) +
                     "<input class=\"ds-input\"" + Attr("type", type) + Attr("id", id) +
                     Attr("name", name);
  if (type != "password") html += Attr("value", value);
  if (!autocomplete.empty()) html += Attr("autocomplete", autocomplete);
  if (required) html += " required";
  html += Described(id, hint, error) + ">\n" + Validation(id, error);
  return html + "</div>\n";
}

std::string FileField(std::string_view name, std::string_view label, std::string_view error,
                      std::string_view hint, std::string_view accept) {
  std::string id(name);
  return "<div class=\"ds-field\">\n<label class=\"ds-label\"" + Attr("for", id) + ">" +
         Escape(label) + "</label>\n" + Description(id, hint) +
         "<input class=\"ds-input\" type=\"file\"" + Attr("id", id) + Attr("name", name) +
         Attr("accept", accept) + Described(id, hint, error) + ">\n" + Validation(id, error) +
         "</div>\n";
}

std::string TextArea(std::string_view name, std::string_view label, std::string_view value,
                     std::string_view error, std::string_view hint, int rows) {
  std::string id(name);
  return "<div class=\"ds-field\">\n<label class=\"ds-label\"" + Attr("for", id) + ">" +
         Escape(label) + "</label>\n" + Description(id, hint) + "<textarea class=\"ds-input\"" +
         Attr("id", id) + Attr("name", name) + Attr("rows", std::to_string(rows)) +
         Described(id, hint, error) + ">" + Escape(value) + "</textarea>\n" +
         Validation(id, error) + "</div>\n";
}

std::string Select(std::string_view name, std::string_view label,
                   const std::vector<Option>& options, std::string_view selected,
                   std::string_view error, std::string_view hint) {
  std::string id(name);
  std::string html = "<div class=\"ds-field\">\n<label class=\"ds-label\"" + Attr("for", id) + ">" +
                     Escape(label) + "</label>\n" + Description(id, hint) +
                     "<select class=\"ds-input\"" + Attr("id", id) + Attr("name", name) +
                     Described(id, hint, error) + ">\n";
  for (const Option& o : options) {
    html += "<option" + Attr("value", o.value) + (o.value == selected ? " selected" : "") + ">" +
            Escape(o.label) + "</option>\n";
  }
  return html + "</select>\n" + Validation(id, error) + "</div>\n";
}

std::string RadioGroup(std::string_view name, std::string_view legend,
                       const std::vector<Option>& options, std::string_view selected,
                       std::string_view error, std::string_view hint) {
  return Group(
      "radio", name, legend, options, [&](const std::string& v) { return v == selected; }, error,
      hint);
}

std::string CheckboxGroup(std::string_view name, std::string_view legend,
                          const std::vector<Option>& options,
                          const std::vector<std::string>& selected, std::string_view error,
                          std::string_view hint) {
  return Group(
      "checkbox", name, legend, options,
      [&](const std::string& v) {
        return std::find(selected.begin(), selected.end(), v) != selected.end();
      },
      error, hint);
}

std::string SubmitButton(std::string_view label, std::string_view variant, std::string_view name,
                         std::string_view value) {
  std::string html =
      "<button class=\"ds-button\"" + Attr("data-variant", variant) + " type=\"submit\"";
  if (!name.empty()) html += Attr("name", name) + Attr("value", value);
  return html + ">" + Escape(label) + "</button>\n";
}

std::string ErrorSummary(const std::vector<FieldError>& errors) {
  if (errors.empty()) return "";
  std::string html =
      "<div class=\"ds-error-summary\" id=\"feiloppsummering\" tabindex=\"-1\" autofocus>\n"
      "<h2 class=\"ds-heading\" data-size=\"xs\" "
      "id=\"feiloppsummering-tittel\">Du må rette dette før du kan gå videre</h2>\n"
      "<ul class=\"ds-list\">\n";
  for (const FieldError& e : errors) {
    if (e.field.empty()) {
      html += "<li>" + Escape(e.message) + "</li>\n";
    } else {
      html += "<li><a class=\"ds-link\" href=\"#" + Escape(e.field) + "\">" + Escape(e.message) +
              "</a></li>\n";
    }
  }
  return html + "</ul>\n</div>\n";
}

std::string Alert(std::string_view text, std::string_view color) {
  return AlertHtml("<p class=\"ds-paragraph\">" + Escape(text) + "</p>\n", color);
}

std::string AlertHtml(const std::string& html, std::string_view color) {
  return "<div class=\"ds-alert\"" + Attr("data-color", color) + ">\n" + html + "</div>\n";
}

std::string ErrorFor(const std::vector<FieldError>& errors, std::string_view field) {
  for (const FieldError& e : errors) {
    if (e.field == field) return e.message;
  }
  return "";
}

FieldError ToFieldError(const Status& status) { return {status.field(), status.message()}; }

}  // namespace helsekrav::web
