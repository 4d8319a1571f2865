#pragma once
// Form builders for the workspace pages (Designsystemet classes, no JavaScript). Every
// function escapes all of its text arguments; the returned strings are safe HTML. A field's id
// is its name, so ErrorSummary links (#name) land on the field. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace helsekrav::web {

struct FieldError {
  std::string field;  // the field's name (and id); empty for errors without a field
  std::string message;
};

struct Option {
  std::string value;
  std::string label;
  std::string description = "";  // optional help text under a radio/checkbox
};

// <input type="hidden" name="csrf" value="token">
std::string CsrfInput(std::string_view token);
// <input type="hidden" name="…" value="…">
std::string HiddenInput(std::string_view name, std::string_view value);

// A labelled ds-field with an input. `error` (non-empty) adds a ds-validation-message,
// aria-invalid and aria-describedby; `hint` adds a description. Passwords never echo `value`.
std::string TextField(std::string_view name, std::string_view label, std::string_view value,
                      std::string_view error = "", std::string_view type = "text",
                      std::string_view hint = "", std::string_view autocomplete = "",
                      bool required = false);
// A labelled file input (the form needs enctype="multipart/form-data"); `accept` lists the
// media types offered.
std::string FileField(std::string_view name, std::string_view label, std::string_view error,
                      std::string_view hint, std::string_view accept);
// A labelled <textarea>.
std::string TextArea(std::string_view name, std::string_view label, std::string_view value,
                     std::string_view error = "", std::string_view hint = "", int rows = 5);
// A labelled <select>; the option whose value equals `selected` is selected.
std::string Select(std::string_view name, std::string_view label,
                   const std::vector<Option>& options, std::string_view selected,
                   std::string_view error = "", std::string_view hint = "");
// A ds-fieldset with a legend and one radio per option. The first input's id is `name` (so an
// error summary link focuses it), the others `name-value`.
std::string RadioGroup(std::string_view name, std::string_view legend,
                       const std::vector<Option>& options, std::string_view selected,
                       std::string_view error = "", std::string_view hint = "");
// As RadioGroup with checkboxes; every option whose value is in `selected` is checked.
std::string CheckboxGroup(std::string_view name, std::string_view legend,
                          const std::vector<Option>& options,
                          const std::vector<std::string>& selected, std::string_view error = "",
                          std::string_view hint = "");
// <button class="ds-button" data-variant="variant" type="submit">label</button>; a non-empty
// `name` adds name/value (for forms with several actions).
std::string SubmitButton(std::string_view label, std::string_view variant = "primary",
                         std::string_view name = "", std::string_view value = "");
// A ds-error-summary (focusable, heading «Du må rette dette før du kan gå videre») with one
// link per error to #field; errors without a field are plain list items. Empty when no errors.
std::string ErrorSummary(const std::vector<FieldError>& errors);
// A ds-alert with data-color (info, success, warning, danger) and the text in a paragraph.
std::string Alert(std::string_view text, std::string_view color = "info");
// As Alert with already-safe HTML content.
std::string AlertHtml(const std::string& html, std::string_view color = "info");

// The message for `field` among `errors`, or "".
std::string ErrorFor(const std::vector<FieldError>& errors, std::string_view field);
// The FieldError for an Invalid status (field may be empty).
FieldError ToFieldError(const Status& status);

}  // namespace helsekrav::web
