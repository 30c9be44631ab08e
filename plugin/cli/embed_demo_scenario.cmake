# Writes a C++ source that holds deploy/demo/insider.ndjson, so that `leakhound demo` runs
# from anywhere with no file installed. A raw string literal: the scenario is plain text.
file(READ ${SCENARIO} content)
string(FIND "${content}" ")LHDEMO\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "the demo scenario holds the raw-string delimiter )LHDEMO\"")
endif()
file(WRITE ${OUTPUT} "// Generated from deploy/demo/insider.ndjson by embed_demo_scenario.cmake.
#include <string_view>

namespace leakhound {

std::string_view EmbeddedDemoScenario() {
  // An array, not a constexpr string_view: its length is known without a compile-time strlen.
  static constexpr char kScenario[] = R\"LHDEMO(${content})LHDEMO\";
  return std::string_view(kScenario, sizeof kScenario - 1);
}

}  // namespace leakhound
")
