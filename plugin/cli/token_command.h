// Keyed tokens from the command line: the options scan shares with the service config
// (which values to tokenize, where the key is), and `leakhound token VALUE...`, which gives
// an investigator the token of a value to search detections for.
//
// The key comes from a file (--token-key-file, privacy.token_key_file) or the environment
// variable LEAKHOUND_TOKEN_KEY, never from the command line, where `ps` would show it.
// Trailing line breaks of the file are not part of the key.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/keyed_token.h"

namespace leakhound {

inline constexpr const char* kTokenKeyEnvironment = "LEAKHOUND_TOKEN_KEY";

// "literals, principal" -> {"literals", "principal"}.
std::vector<std::string> SplitCommaList(std::string_view text);

// The key in `path`, without trailing line breaks.
Result<std::string> ReadTokenKeyFile(const std::string& path);

// Null when `what` is empty. The key: `key_file`'s content when given, else
// LEAKHOUND_TOKEN_KEY. Errors say what is missing or wrong, never the key.
Result<std::shared_ptr<const KeyedTokens>> LoadKeyedTokens(const std::vector<std::string>& what,
                                                           const std::string& key_file);

void RegisterTokenCommand(CLI::App& app, int& exit_code);

}  // namespace leakhound
