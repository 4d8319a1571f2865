#include "core/log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/date.h"

namespace helsekrav {
namespace {

void AppendEscaped(std::string& out, const std::string& s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void Write(const char* level, const std::string& message, const LogFields& fields) {
  auto now = std::chrono::system_clock::now();
  std::string line = "{\"ts\":\"";
  line += IsoTimestamp(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  line += "\",\"level\":\"";
  line += level;
  line += "\",\"msg\":";
  AppendEscaped(line, message);
  for (const auto& [k, v] : fields) {
    line.push_back(',');
    AppendEscaped(line, k);
    line.push_back(':');
    AppendEscaped(line, v);
  }
  line += "}\n";
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void LogInfo(const std::string& m, const LogFields& f) { Write("info", m, f); }
void LogWarn(const std::string& m, const LogFields& f) { Write("warn", m, f); }
void LogError(const std::string& m, const LogFields& f) { Write("error", m, f); }

}  // namespace helsekrav
