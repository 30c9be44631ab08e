#include "match/pattern_scanner.h"

#include <hs/hs.h>

#include <limits>

namespace leakhound {
namespace {

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/,
            unsigned int /*flags*/, void* context) {
  static_cast<MatchSet*>(context)->Insert(id);
  return 0;  // go on: the other patterns may match too
}

}  // namespace

Result<std::unique_ptr<PatternScanner>> PatternScanner::Create(
    std::shared_ptr<const PatternDatabase> database) {
  std::unique_ptr<PatternScanner> scanner(new PatternScanner(std::move(database)));
  // One scratch serves both databases: hs_alloc_scratch grows it to fit each in turn.
  for (const hs_database_t* stage : {scanner->database_->first(), scanner->database_->gated()}) {
    if (stage != nullptr && hs_alloc_scratch(stage, &scanner->scratch_) != HS_SUCCESS) {
      return ResourceExhausted("cannot allocate Hyperscan scratch space");
    }
  }
  return scanner;
}

PatternScanner::~PatternScanner() {
  if (scratch_ != nullptr) hs_free_scratch(scratch_);
}

Status PatternScanner::Scan(std::string_view text, MatchSet& matches, PatternStage stage) {
  matches.Clear();
  return ScanMore(text, matches, stage);
}

Status PatternScanner::ScanMore(std::string_view text, MatchSet& matches, PatternStage stage) {
  // Insert() does not check bounds: a set sized for fewer patterns would be written past
  // its end.
  if (matches.capacity() < database_->pattern_count()) matches.Resize(database_->pattern_count());
  if (stage != PatternStage::kGated) {
    LEAKHOUND_RETURN_IF_ERROR(ScanDatabase(database_->first(), text, matches));
  }
  if (stage != PatternStage::kFirst) {
    LEAKHOUND_RETURN_IF_ERROR(ScanDatabase(database_->gated(), text, matches));
  }
  return Status::Ok();
}

Status PatternScanner::ScanDatabase(const hs_database_t* database, std::string_view text,
                                    MatchSet& matches) {
  if (database == nullptr) return Status::Ok();
  // hs_scan() refuses a null buffer, which an empty string_view may have; and no pattern
  // can match an empty text, since patterns that match the empty string do not compile.
  if (text.empty()) return Status::Ok();
  if (text.size() > std::numeric_limits<unsigned int>::max()) {
    return InvalidArgument("statement too long to scan");
  }
  const hs_error_t status = hs_scan(database, text.data(), static_cast<unsigned int>(text.size()),
                                    0, scratch_, OnMatch, &matches);
  if (status != HS_SUCCESS) {
    return Internal("Hyperscan scan failed with error " + std::to_string(status));
  }
  return Status::Ok();
}

}  // namespace leakhound
