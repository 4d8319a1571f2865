#pragma once
// Structured JSON log lines on stderr: {"ts":…,"level":…,"msg":…, fields…}. Thread-safe.
// Never pass secrets (passwords, tokens, database passwords) as fields.

#include <string>
#include <utility>
#include <vector>

namespace helsekrav {

using LogFields = std::vector<std::pair<std::string, std::string>>;

void LogInfo(const std::string& message, const LogFields& fields = {});
void LogWarn(const std::string& message, const LogFields& fields = {});
void LogError(const std::string& message, const LogFields& fields = {});

}  // namespace helsekrav
