#pragma once
// The compliance label («nøkkelhullsmerke») as an image: an accessible SVG (role="img" with a
// Norwegian <title> and <desc>) with a QR code (libqrencode, error correction level M) that
// links to the public verification address, and the same image rendered to PNG (librsvg and
// cairo). A label that is not earned gets a visibly different variant that says so in text,
// not by colour alone. Every text is XML-escaped. Thread-safe (no shared state).

#include <string>

#include "core/status.h"
#include "domain/label.h"

namespace helsekrav::web {

// What the label names besides the computed label itself.
struct LabelCaption {
  std::string product_name;
  std::string version;
  std::string profile_name;
  std::string verify_url;  // absolute address the QR code encodes
};

// The label as a standalone SVG document (UTF-8, with an XML declaration).
std::string LabelSvg(const domain::ComplianceLabel& label, const LabelCaption& caption);

// Width and height of LabelSvg's drawing in CSS pixels (its viewBox).
inline constexpr int kLabelSvgWidth = 480;
inline constexpr int kLabelSvgHeight = 220;

// `svg` rendered to PNG bytes `width` pixels wide (height in proportion). Invalid for a width
// outside 16–4096 or an SVG librsvg cannot read; Internal when cairo fails.
Result<std::string> LabelPng(const std::string& svg, int width);

}  // namespace helsekrav::web
