#include "cli/token_command.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/exit_codes.h"
#include "core/ascii.h"

namespace leakhound {

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = TrimAsciiWhitespace(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

Result<std::string> ReadTokenKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read the token key file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string key = content.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  return key;
}

Result<std::shared_ptr<const KeyedTokens>> LoadKeyedTokens(const std::vector<std::string>& what,
                                                           const std::string& key_file) {
  if (what.empty()) return std::shared_ptr<const KeyedTokens>();
  std::string key;
  if (!key_file.empty()) {
    Result<std::string> read = ReadTokenKeyFile(key_file);
    if (!read.ok()) return read.status();
    key = std::move(*read);
  } else if (const char* value = std::getenv(kTokenKeyEnvironment)) {
    key = value;
  } else {
    return InvalidArgument(
        "tokenizing needs a secret key: give --token-key-file FILE (privacy.token_key_file) "
        "or set LEAKHOUND_TOKEN_KEY");
  }
  Result<KeyedTokens> tokens = KeyedTokens::Create(what, std::move(key));
  if (!tokens.ok()) return tokens.status();
  return std::shared_ptr<const KeyedTokens>(std::make_shared<KeyedTokens>(std::move(*tokens)));
}

void RegisterTokenCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> values;
    std::string key_file;
  };
  auto options = std::make_shared<Options>();
  CLI::App* token = app.add_subcommand(
      "token", "Print the keyed token of each VALUE, to search tokenized detections for it");
  token->footer(
      "The same key as the scan or service that wrote the detections: --token-key-file, or\n"
      "the LEAKHOUND_TOKEN_KEY environment variable. A literal is tokenized as the database\n"
      "read it: without its quotes ('O''Brien' is O'Brien), a number as written; a client\n"
      "by its address without the port.\n\n"
      "Exit codes: 0 done; 2 no key, or a key too short.");
  token->add_option("values", options->values,
                    "Values to tokenize; '-' or none reads them from stdin, one a line (keeps "
                    "them out of ps and the shell's history)");
  token->add_option("--token-key-file", options->key_file,
                    "File holding the secret key (default: $LEAKHOUND_TOKEN_KEY)");
  token->callback([options, &exit_code] {
    Result<std::shared_ptr<const KeyedTokens>> tokens =
        LoadKeyedTokens({"literals"}, options->key_file);
    if (!tokens.ok()) {
      std::cerr << "leakhound token: " << tokens.status().message() << "\n";
      exit_code = kExitUsage;
      return;
    }
    // The values are the operator's own input: printed back only beside their tokens, so
    // that a list of many can be read; from stdin nothing is echoed.
    if (options->values.empty() || options->values == std::vector<std::string>{"-"}) {
      std::string line;
      while (std::getline(std::cin, line)) std::cout << (*tokens)->Token(line) << "\n";
    } else {
      for (const std::string& value : options->values) {
        std::cout << (*tokens)->Token(value) << "\t" << value << "\n";
      }
    }
    exit_code = kExitOk;
  });
}

}  // namespace leakhound
