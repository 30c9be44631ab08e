#include <cstring>

#include "core/ascii.h"
#include "core/sql_analyzer.h"
#include "core/sql_token_util.h"

// The analyzer's first pass: the normalized text and the fingerprint, in one walk over the
// tokens.
namespace leakhound {

using namespace sql_internal;  // NOLINT: the token predicates of this component

// Writes normalized_ and fingerprint_, and the name span of every token.
void SqlAnalyzer::Emit(std::string_view statement) {
  // Written through raw pointers into buffers sized for the worst case, then cut to size:
  // the normalized text is never longer than the statement (a space only stands for
  // whitespace or a comment), and the fingerprint grows by at most one byte per "(?+)".
  normalized_.resize(statement.size());
  fingerprint_.resize(2 * statement.size() + 8);
  char* const norm = normalized_.data();
  char* const fp = fingerprint_.data();
  size_t norm_size = 0;
  size_t fp_size = 0;
  const auto append_lower = [&](std::string_view text) {
    for (char c : text) norm[norm_size++] = AsciiToLower(c);
  };
  const auto append_fp = [&](const char* data, size_t size) {
    CopyToken(fp + fp_size, data, size);
    fp_size += size;
  };
  name_spans_.assign(tokens_.size(), Span{});
  quoted_value_.assign(tokens_.size(), 0);

  // Parenthesised groups, to collapse literal lists: IN (1, 2, 3) and VALUES (..), (..).
  // No default member initialisers: the stack is built on every call, and only the
  // entries pushed are ever read, each set in full when pushed.
  struct Group {
    size_t open;  // offset of '(' in fingerprint_
    bool literal_list;
    bool only_literals;
    int literals;
    // A second or later row of VALUES (..), (..): where the "(?+)" it merges into ends.
    size_t merge_into;
  };
  Group groups[kMaxDepth];
  size_t depth = 0;
  size_t overflow = 0;
  size_t collapsed_end = std::string::npos;  // fingerprint_ offset after the last "(?+)"
  int after_collapse = 0;      // 1: just after "(?+)", 2: after "(?+)," (a VALUES continuation)
  bool value_context = false;  // a double-quoted token here is a MySQL string, not a name

  for (size_t i = 0; i < tokens_.size(); ++i) {
    const SqlToken& token = tokens_[i];
    if (token.space_before && norm_size > 0) {
      norm[norm_size++] = ' ';
      fp[fp_size++] = ' ';
    }
    const size_t start = norm_size;
    bool literal = IsLiteral(token.kind);
    switch (token.kind) {
      case SqlTokenKind::kWord:
        append_lower(token.text);
        name_spans_[i] = {static_cast<uint32_t>(start), static_cast<uint32_t>(token.text.size())};
        append_fp(norm + start, token.text.size());
        break;
      case SqlTokenKind::kQuotedIdentifier: {
        const std::string_view inner = QuotedInner(token.text);
        const bool simple = IsSimpleIdentifier(inner);
        // "..." is a name in PostgreSQL and a string in MySQL's default mode. Next to a
        // comparison, in an IN or VALUES list or after ':' (a JSON key's value) it is a
        // value: not a column or table name.
        const bool double_quoted = token.text.front() == '"';
        const bool next_compares = i + 1 < tokens_.size() && IsComparison(tokens_[i + 1]);
        const bool after_colon = i > 0 && IsPunct(tokens_[i - 1], ':');
        if (double_quoted && (value_context || next_compares || after_colon)) quoted_value_[i] = 1;
        if (simple) {
          append_lower(inner);
          name_spans_[i] = {static_cast<uint32_t>(start), static_cast<uint32_t>(inner.size())};
        } else {
          CopyToken(norm + norm_size, token.text.data(), token.text.size());
          norm_size += token.text.size();
          if (!inner.empty()) {
            name_spans_[i] = {static_cast<uint32_t>(start + 1),
                              static_cast<uint32_t>(inner.size())};
          }
        }
        // The fingerprint shows a double-quoted token only where it can only be a name
        // (after FROM, JOIN, INTO, UPDATE, TABLE, COPY, AS or a '.', or before a '.'):
        // anywhere else it may be a MySQL string holding personal data.
        const SqlKeyword previous_keyword = i > 0 ? keywords_[i - 1] : SqlKeyword::kNone;
        const bool name_position =
            (i > 0 && IsPunct(tokens_[i - 1], '.')) ||
            (i + 1 < tokens_.size() && IsPunct(tokens_[i + 1], '.')) ||
            previous_keyword == SqlKeyword::kFrom || previous_keyword == SqlKeyword::kJoin ||
            previous_keyword == SqlKeyword::kInto || previous_keyword == SqlKeyword::kUpdate ||
            previous_keyword == SqlKeyword::kTable || previous_keyword == SqlKeyword::kCopy ||
            previous_keyword == SqlKeyword::kAs;
        if (double_quoted && (quoted_value_[i] != 0 || !simple || !name_position)) {
          fp[fp_size++] = '?';
          literal = true;
        } else {
          append_fp(norm + start, norm_size - start);
        }
        break;
      }
      case SqlTokenKind::kString:
      case SqlTokenKind::kNumber:
      case SqlTokenKind::kParameter:
        CopyToken(norm + norm_size, token.text.data(), token.text.size());
        norm_size += token.text.size();
        fp[fp_size++] = '?';
        break;
      case SqlTokenKind::kPunctuation:
      case SqlTokenKind::kEnd:
        CopyToken(norm + norm_size, token.text.data(), token.text.size());
        norm_size += token.text.size();
        append_fp(token.text.data(), token.text.size());
        break;
    }

    // Literal-list collapsing in the fingerprint.
    const bool open = IsPunct(token, '(');
    const bool close = IsPunct(token, ')');
    const bool comma = IsPunct(token, ',');
    if (open) {
      if (depth < kMaxDepth) {
        Group& group = groups[depth++];
        group = Group{fp_size - 1, false, true, 0, std::string::npos};
        const SqlKeyword previous = i > 0 ? keywords_[i - 1] : SqlKeyword::kNone;
        if (after_collapse == 2) group.merge_into = collapsed_end;
        group.literal_list =
            previous == SqlKeyword::kIn || previous == SqlKeyword::kValues || after_collapse == 2;
      } else {
        ++overflow;
      }
      if (depth > 1) groups[depth - 2].only_literals = false;
    } else if (close) {
      if (overflow > 0) {
        --overflow;
      } else if (depth > 0) {
        const Group group = groups[--depth];
        if (group.literal_list && group.only_literals && group.literals > 0) {
          fp_size = group.open + 1;
          append_fp("?+)", 3);
          // Kept in the group: the tokens inside the row have reset after_collapse.
          if (group.merge_into != std::string::npos) {
            fp_size = group.merge_into;  // "(?+), (?+)" reads as "(?+)"
            collapsed_end = group.merge_into;
          } else {
            collapsed_end = fp_size;
          }
          after_collapse = 1;
          value_context = false;
          continue;
        }
      }
    } else if (depth > 0) {
      if (literal) {
        ++groups[depth - 1].literals;
      } else if (!comma) {
        groups[depth - 1].only_literals = false;
      }
    }
    if (comma && after_collapse == 1) {
      after_collapse = 2;
    } else if (!(open && after_collapse == 2)) {
      after_collapse = 0;
      collapsed_end = std::string::npos;
    }

    const bool in_literal_list = depth > 0 && groups[depth - 1].literal_list;
    value_context = IsComparison(token) || (in_literal_list && (open || comma));
    if (token.kind == SqlTokenKind::kWord) {
      value_context = keywords_[i] == SqlKeyword::kLike || keywords_[i] == SqlKeyword::kIlike;
    }
  }
  normalized_.resize(norm_size);
  fingerprint_.resize(fp_size);
}

}  // namespace leakhound
