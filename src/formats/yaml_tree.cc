#include "formats/yaml_tree.h"

#include <yaml.h>

#include <string_view>
#include <utility>

namespace helsekrav::formats {
namespace {

// "1 MB", "64 kB" or "100 byte".
std::string Bytes(std::size_t n) {
  constexpr std::size_t kKiB = 1024;
  if (n % (kKiB * kKiB) == 0) return std::to_string(n / (kKiB * kKiB)) + " MB";
  if (n % kKiB == 0) return std::to_string(n / kKiB) + " kB";
  return std::to_string(n) + " byte";
}

constexpr const char* kNoAnchors =
    "YAML-ankre og -aliaser (&navn og *navn) er ikke tillatt; skriv verdien ut der den brukes";

// A plain scalar without a tag that YAML reads as null (as yaml-cpp did before).
bool IsNull(const yaml_event_t& event) {
  const auto& s = event.data.scalar;
  if (s.style != YAML_PLAIN_SCALAR_STYLE || s.tag != nullptr) return false;
  std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

// Owns one libyaml parser or event and frees it on every path out.
struct Parser {
  yaml_parser_t parser;
  Parser() { yaml_parser_initialize(&parser); }
  ~Parser() { yaml_parser_delete(&parser); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};
struct Event {
  yaml_event_t event;
  ~Event() { yaml_event_delete(&event); }
};

// Builds the tree from libyaml's events, checking the limits as each node arrives. libyaml keeps
// at most one line (or 1024 characters) of tokens ahead of the events, so nothing is read far
// past a limit; yaml-cpp, used before, buffered every token of a nested flow collection until
// it closed (1 MB of "[[a, a, …" took 90 MB before the first event).
class Builder {
 public:
  explicit Builder(const YamlLimits& limits) : limits_(limits) {}

  // Handles one event; false with `error` set to stop.
  bool On(const yaml_event_t& event, YamlError& error) {
    int line = static_cast<int>(event.start_mark.line) + 1;
    int column = static_cast<int>(event.start_mark.column) + 1;
    auto refuse = [&](std::string message) {
      error = {line, column, std::move(message)};
      return false;
    };
    const yaml_char_t* anchor = nullptr;
    YamlNode::Kind kind = YamlNode::Kind::kNull;
    switch (event.type) {
      case YAML_ALIAS_EVENT:
        return refuse(kNoAnchors);
      case YAML_SCALAR_EVENT:
        anchor = event.data.scalar.anchor;
        if (event.data.scalar.length > limits_.max_scalar_bytes) {
          return refuse("En tekstverdi er for lang (høyst " + Bytes(limits_.max_scalar_bytes) +
                        ")");
        }
        kind = IsNull(event) ? YamlNode::Kind::kNull : YamlNode::Kind::kScalar;
        break;
      case YAML_SEQUENCE_START_EVENT:
        anchor = event.data.sequence_start.anchor;
        kind = YamlNode::Kind::kSequence;
        break;
      case YAML_MAPPING_START_EVENT:
        anchor = event.data.mapping_start.anchor;
        kind = YamlNode::Kind::kMap;
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        open_.pop_back();
        return true;
      default:  // stream and document start and end
        return true;
    }
    if (anchor != nullptr) return refuse(kNoAnchors);
    if (++nodes_ > limits_.max_nodes) {
      return refuse("Filen har for mange verdier (høyst " + std::to_string(limits_.max_nodes) +
                    ")");
    }
    bool collection = kind == YamlNode::Kind::kSequence || kind == YamlNode::Kind::kMap;
    if (collection && static_cast<int>(open_.size()) + 1 > limits_.max_depth) {
      return refuse("Filen er nestet for dypt (høyst " + std::to_string(limits_.max_depth) +
                    " nivåer med lister og objekter)");
    }
    YamlNode& node = Add(kind, line, column);
    if (kind == YamlNode::Kind::kScalar) {
      node.scalar.assign(reinterpret_cast<const char*>(event.data.scalar.value),
                         event.data.scalar.length);
    }
    if (collection) open_.push_back(&node);
    return true;
  }

  std::optional<YamlNode>& root() { return root_; }

 private:
  YamlNode& Add(YamlNode::Kind kind, int line, int column) {
    YamlNode node;
    node.kind = kind;
    node.line = line;
    node.column = column;
    if (open_.empty()) return root_.emplace(std::move(node));
    // Only the innermost open collection grows, so pointers to the ones around it stay valid.
    YamlNode& parent = *open_.back();
    if (parent.IsMap() && parent.keys.size() == parent.items.size()) {
      return parent.keys.emplace_back(std::move(node));
    }
    return parent.items.emplace_back(std::move(node));
  }

  const YamlLimits& limits_;
  std::optional<YamlNode> root_;
  std::vector<YamlNode*> open_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::optional<YamlNode> ParseYaml(const std::string& text, const YamlLimits& limits,
                                  YamlError& error) {
  if (text.size() > limits.max_bytes) {
    error = {0, 0, "Filen er for stor (høyst " + Bytes(limits.max_bytes) + ")"};
    return std::nullopt;
  }
  Parser p;
  yaml_parser_set_input_string(&p.parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  Builder builder(limits);
  // The first document only; what follows it is not read.
  for (bool done = false; !done;) {
    Event e{};
    if (!yaml_parser_parse(&p.parser, &e.event)) {
      const yaml_mark_t& mark = p.parser.problem_mark;
      std::string problem = p.parser.problem != nullptr ? p.parser.problem : "ukjent feil";
      if (p.parser.context != nullptr) problem = std::string(p.parser.context) + ": " + problem;
      error = {static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1,
               "Syntaksfeil i YAML/JSON: " + problem};
      return std::nullopt;
    }
    done = e.event.type == YAML_DOCUMENT_END_EVENT || e.event.type == YAML_STREAM_END_EVENT;
    if (!builder.On(e.event, error)) return std::nullopt;
  }
  if (!builder.root()) return YamlNode{};
  return std::move(builder.root());
}

}  // namespace helsekrav::formats
