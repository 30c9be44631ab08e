#include "rules/rule_parser.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/ascii.h"
#include "core/attack.h"
#include "core/duration.h"

namespace leakhound {
namespace {

constexpr std::string_view kRuleKeys[] = {
    "id",         "title",      "description",     "severity", "tags",       "status", "version",
    "author",     "references", "false_positives", "enabled",  "utc_offset", "match",  "threshold",
    "exceptions", "tests"};
constexpr std::string_view kMatchKeys[] = {"statement", "where"};
constexpr std::string_view kStatementKeys[] = {"any", "all", "none"};
constexpr std::string_view kPatternKeys[] = {"re", "literal", "name", "case_sensitive"};
constexpr std::string_view kThresholdKeys[] = {"count", "sum",    "distinct", "gte",
                                               "gt",    "window", "group_by", "suppress"};
constexpr std::string_view kTestKeys[] = {"name", "events", "expect"};
constexpr std::string_view kExpectKeys[] = {"fires", "suppressed"};
constexpr std::string_view kEventKeys[] = {"time",        "principal", "user",       "client",
                                           "application", "database",  "statement",  "session_id",
                                           "status",      "rows",      "duration_ms"};

// Events in rule tests that give no time are one second apart from this Monday noon.
constexpr std::string_view kTestEpoch = "2026-01-05T12:00:00Z";

bool ValidRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64 || !std::isalnum(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

// Escapes a literal so that Hyperscan reads it byte for byte.
std::string EscapeLiteral(std::string_view literal) {
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : literal) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '_' || c == ' ') {
      out += c;
    } else if (byte < 0x80 && std::ispunct(byte)) {
      out += '\\';
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::optional<Duration> ParseUtcOffset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  const auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(1) || !digit(2) || !digit(4) || !digit(5)) return std::nullopt;
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (hours > 14 || minutes > 59) return std::nullopt;
  const Duration offset = std::chrono::hours(hours) + std::chrono::minutes(minutes);
  return text[0] == '-' ? -offset : offset;
}

class RuleParser {
 public:
  RuleParser(YamlReader& reader, const RuleParseContext& context, std::vector<Pattern>& patterns)
      : reader_(reader),
        context_(context),
        patterns_(patterns),
        predicates_(reader, context.lists) {}

  std::optional<Rule> Parse(const YAML::Node& document);

 private:
  void ParseMetadata(const YAML::Node& document, RuleInfo& info);
  void ParseTags(const YAML::Node& node, RuleInfo& info);
  void ParseMatch(const YAML::Node& match, Rule& rule);
  void ParsePatterns(const YAML::Node& group, std::string_view group_name,
                     std::vector<uint32_t>& out);
  std::optional<Threshold> ParseThreshold(const YAML::Node& node);
  std::optional<Field> ParseAggregateField(const YAML::Node& node, std::string_view aggregate);
  void ParseExceptions(const YAML::Node& node, Rule& rule);
  void ParseTests(const YAML::Node& node, Rule& rule);
  std::optional<TestEvent> ParseTestEvent(const YAML::Node& node, TimePoint default_time);

  YamlReader& reader_;
  const RuleParseContext& context_;
  std::vector<Pattern>& patterns_;
  PredicateParser predicates_;
  std::string rule_id_;
};

std::optional<Rule> RuleParser::Parse(const YAML::Node& document) {
  if (!document.IsMap()) {
    reader_.Error(document, "a rule must be a mapping with id, title, severity and match");
    return std::nullopt;
  }
  const YAML::Node id_node = document["id"];
  if (!id_node) {
    reader_.Error(document, "a rule needs an 'id' (for example LH-0100)");
    return std::nullopt;
  }
  const std::optional<std::string> id = reader_.String(id_node, "id");
  if (!id) return std::nullopt;
  rule_id_ = *id;
  reader_.set_rule_id(rule_id_);
  if (!ValidRuleId(*id)) {
    reader_.Error(id_node, "rule id '" + *id +
                               "' must be 1-64 letters, digits, '-', '_' or '.', starting with "
                               "a letter or digit");
  }
  reader_.CheckKeys(document, kRuleKeys, "a rule");

  Rule rule;
  rule.location = reader_.Location(document);
  auto info = std::make_shared<RuleInfo>();
  info->id = *id;
  info->file = reader_.file();
  ParseMetadata(document, *info);
  if (const YAML::Node offset = document["utc_offset"]) {
    const std::optional<std::string> text = reader_.String(offset, "utc_offset");
    const std::optional<Duration> parsed = text ? ParseUtcOffset(*text) : std::nullopt;
    if (text && !parsed) reader_.Error(offset, "utc_offset must look like +02:00 or -05:30");
    rule.utc_offset = parsed.value_or(Duration::zero());
  }
  if (const YAML::Node enabled = document["enabled"]) {
    rule.enabled = reader_.Bool(enabled, "enabled").value_or(true);
  }
  if (const YAML::Node match = document["match"]) {
    ParseMatch(match, rule);
  } else {
    reader_.Error(document, "a rule needs 'match:' with statement patterns or where predicates");
  }
  if (const YAML::Node threshold = document["threshold"])
    rule.threshold = ParseThreshold(threshold);
  if (const YAML::Node exceptions = document["exceptions"]) ParseExceptions(exceptions, rule);
  if (const YAML::Node tests = document["tests"]) {
    ParseTests(tests, rule);
  } else {
    reader_.Warning(document,
                    "the rule has no tests; add positive and negative cases under tests:");
  }
  rule.info = std::move(info);
  return rule;
}

void RuleParser::ParseMetadata(const YAML::Node& document, RuleInfo& info) {
  if (const YAML::Node title = document["title"]) {
    info.title = reader_.String(title, "title").value_or("");
    if (info.title.empty()) reader_.Error(title, "title must not be empty");
  } else {
    reader_.Error(document, "a rule needs a 'title'");
  }
  if (const YAML::Node description = document["description"]) {
    // Folded blocks (description: >) end with a newline that no output wants.
    info.description =
        std::string(TrimAsciiWhitespace(reader_.String(description, "description").value_or("")));
  }
  if (const YAML::Node severity = document["severity"]) {
    const std::string text = AsciiLowercase(reader_.String(severity, "severity").value_or(""));
    if (const std::optional<Severity> known = FindSeverity(text)) {
      info.severity = *known;
    } else {
      reader_.Error(severity, "severity '" + severity.Scalar() +
                                  "' is not one of informational, low, medium, high, critical");
    }
  } else {
    reader_.Error(document,
                  "a rule needs a 'severity' (informational, low, medium, high, critical)");
  }
  if (const YAML::Node status = document["status"]) {
    const std::string text = AsciiLowercase(reader_.String(status, "status").value_or(""));
    if (const std::optional<RuleStatus> known = FindRuleStatus(text)) {
      info.status = *known;
    } else {
      reader_.Error(status, "status '" + status.Scalar() +
                                "' is not one of experimental, test, stable, deprecated");
    }
  }
  if (const YAML::Node version = document["version"]) {
    const std::optional<int64_t> value = reader_.Integer(version, "version");
    if (value && (*value < 1 || *value > 1000000)) {
      reader_.Error(version, "version must be a positive integer");
    } else if (value) {
      info.version = static_cast<int>(*value);
    }
  }
  if (const YAML::Node author = document["author"]) {
    info.author = reader_.String(author, "author").value_or("");
  }
  if (const YAML::Node tags = document["tags"]) ParseTags(tags, info);
  if (const YAML::Node references = document["references"]) {
    info.references =
        reader_.StringList(references, "references").value_or(std::vector<std::string>{});
  }
  if (const YAML::Node false_positives = document["false_positives"]) {
    info.false_positives =
        reader_.StringList(false_positives, "false_positives").value_or(std::vector<std::string>{});
  }
}

void RuleParser::ParseTags(const YAML::Node& node, RuleInfo& info) {
  const std::optional<std::vector<std::string>> tags = reader_.StringList(node, "tags");
  if (!tags) return;
  static const std::regex kTechnique(R"(t\d{4}(\.\d{3})?)");
  for (size_t i = 0; i < tags->size(); ++i) {
    const std::string tag = AsciiLowercase((*tags)[i]);
    const YAML::Node at = node.IsSequence() ? node[i] : node;
    if (tag.rfind("attack.", 0) == 0) {
      const std::string rest = tag.substr(7);
      const bool tactic = FindAttackTactic(rest) != nullptr;
      if (!tactic && !std::regex_match(rest, kTechnique)) {
        reader_.Error(at, "ATT&CK tag '" + (*tags)[i] +
                              "' is neither a tactic (attack.collection, attack.exfiltration, "
                              "...) nor a technique id (attack.t1213, attack.t1213.006)");
        continue;
      }
    }
    info.tags.push_back(tag);
  }
}

void RuleParser::ParsePatterns(const YAML::Node& group, std::string_view group_name,
                               std::vector<uint32_t>& out) {
  std::vector<YAML::Node> items;
  if (group.IsSequence()) {
    for (const YAML::Node& item : group) items.push_back(item);
  } else {
    items.push_back(group);
  }
  if (items.empty()) reader_.Error(group, "statement." + std::string(group_name) + " is empty");
  for (const YAML::Node& item : items) {
    Pattern pattern;
    pattern.rule_id = rule_id_;
    pattern.location = reader_.Location(item);
    if (item.IsScalar()) {
      pattern.expression = item.Scalar();
      pattern.display = item.Scalar();
    } else if (item.IsMap()) {
      reader_.CheckKeys(item, kPatternKeys, "a pattern");
      const YAML::Node re = item["re"];
      const YAML::Node literal = item["literal"];
      if (static_cast<bool>(re) == static_cast<bool>(literal)) {
        reader_.Error(item, "a pattern needs exactly one of 're' (a regex) or 'literal' (text)");
        continue;
      }
      const YAML::Node source = re ? re : literal;
      const std::optional<std::string> text = reader_.String(source, re ? "re" : "literal");
      if (!text) continue;
      pattern.location = reader_.Location(source);
      pattern.expression = re ? *text : EscapeLiteral(*text);
      pattern.display = *text;
      if (const YAML::Node name = item["name"]) {
        pattern.display = reader_.String(name, "name").value_or(pattern.display);
      }
      if (const YAML::Node case_sensitive = item["case_sensitive"]) {
        pattern.case_sensitive = reader_.Bool(case_sensitive, "case_sensitive").value_or(false);
      }
    } else {
      reader_.Error(item, "a pattern is a regex string or {re: ..., name: ...}");
      continue;
    }
    if (pattern.expression.empty()) {
      reader_.Error(item, "a pattern must not be empty");
      continue;
    }
    out.push_back(static_cast<uint32_t>(patterns_.size()));
    patterns_.push_back(std::move(pattern));
  }
}

void RuleParser::ParseMatch(const YAML::Node& match, Rule& rule) {
  if (!reader_.ExpectMap(match, "match")) return;
  const size_t errors_before = reader_.error_count();
  reader_.CheckKeys(match, kMatchKeys, "match");
  if (const YAML::Node statement = match["statement"]) {
    if (statement.IsScalar() || statement.IsSequence()) {
      ParsePatterns(statement, "any", rule.statement.any);  // shorthand for any:
    } else if (reader_.ExpectMap(statement, "statement")) {
      reader_.CheckKeys(statement, kStatementKeys, "statement");
      if (const YAML::Node any = statement["any"]) ParsePatterns(any, "any", rule.statement.any);
      if (const YAML::Node all = statement["all"]) ParsePatterns(all, "all", rule.statement.all);
      if (const YAML::Node none = statement["none"]) {
        ParsePatterns(none, "none", rule.statement.none);
      }
    }
  }
  if (const YAML::Node where = match["where"]) {
    if (reader_.ExpectMap(where, "where")) {
      for (const auto& entry : where) predicates_.Parse(entry.first, entry.second, rule.where);
    }
  }
  const bool had_errors = reader_.error_count() > errors_before;
  // Judged on what was parsed, so that where: {} or an empty statement: {} count as none.
  // A rule with a faulty condition has had it reported already.
  if (!rule.statement.has_positive() && rule.where.empty() && !had_errors) {
    reader_.Error(match,
                  "match has no positive condition (a pattern under any/all, or a where "
                  "predicate): it would fire on every event");
  }
}

std::optional<Field> RuleParser::ParseAggregateField(const YAML::Node& node,
                                                     std::string_view aggregate) {
  const std::optional<std::string> name = reader_.String(node, std::string(aggregate));
  if (!name) return std::nullopt;
  const std::optional<Field> field = FindField(*name);
  if (!field) {
    std::string message = "unknown field '" + *name + "'";
    const std::string_view suggestion = SuggestField(*name);
    if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
    reader_.Error(node, std::move(message));
    return std::nullopt;
  }
  const FieldType type = GetFieldInfo(*field).type;
  if (aggregate == "sum" && type != FieldType::kNumber) {
    reader_.Error(node, "sum needs a number field such as rows or pii_weight; '" + *name +
                            "' is a " + std::string(FieldTypeName(type)));
    return std::nullopt;
  }
  if (aggregate == "distinct" && (type == FieldType::kBool || type == FieldType::kTime)) {
    reader_.Error(node, "distinct needs a string, list, number or address field; '" + *name +
                            "' is a " + std::string(FieldTypeName(type)));
    return std::nullopt;
  }
  return field;
}

std::optional<Threshold> RuleParser::ParseThreshold(const YAML::Node& node) {
  if (!reader_.ExpectMap(node, "threshold")) return std::nullopt;
  reader_.CheckKeys(node, kThresholdKeys, "threshold");
  Threshold threshold;
  threshold.location = reader_.Location(node);
  bool ok = true;

  const int aggregates =
      (node["count"] ? 1 : 0) + (node["sum"] ? 1 : 0) + (node["distinct"] ? 1 : 0);
  if (aggregates != 1) {
    reader_.Error(node, "threshold needs exactly one of count: true, sum: FIELD, distinct: FIELD");
    ok = false;
  } else if (const YAML::Node count = node["count"]) {
    threshold.aggregate = Threshold::Aggregate::kCount;
    bool value = false;
    if (!count.IsScalar() || !YAML::convert<bool>::decode(count, value) || !value) {
      reader_.Error(count,
                    "count takes 'true' (count events); for distinct values use distinct: FIELD");
      ok = false;
    }
  } else if (const YAML::Node sum = node["sum"]) {
    threshold.aggregate = Threshold::Aggregate::kSum;
    threshold.field = ParseAggregateField(sum, "sum");
    ok = ok && threshold.field.has_value();
  } else {
    threshold.aggregate = Threshold::Aggregate::kDistinct;
    threshold.field = ParseAggregateField(node["distinct"], "distinct");
    ok = ok && threshold.field.has_value();
  }

  const YAML::Node gte = node["gte"];
  const YAML::Node gt = node["gt"];
  if (static_cast<bool>(gte) == static_cast<bool>(gt)) {
    reader_.Error(node, "threshold needs exactly one of gte: N or gt: N");
    ok = false;
  } else {
    threshold.strictly_greater = static_cast<bool>(gt);
    const std::optional<double> limit = reader_.Number(gt ? gt : gte, gt ? "gt" : "gte");
    if (limit && *limit <= 0) {
      reader_.Error(gt ? gt : gte, "the threshold must be positive");
      ok = false;
    }
    ok = ok && limit.has_value();
    threshold.limit = limit.value_or(0);
  }

  constexpr Duration kMaxWindow = std::chrono::hours(24 * 7);
  if (const YAML::Node window = node["window"]) {
    const Result<Duration> parsed =
        ParseDuration(window.IsScalar() ? window.Scalar() : "", kMaxWindow);
    if (parsed.ok()) {
      threshold.window = *parsed;
    } else {
      reader_.Error(window, "bad window: " + parsed.status().message());
      ok = false;
    }
  } else {
    reader_.Error(node, "threshold needs a window, e.g. window: 1h");
    ok = false;
  }
  threshold.suppress = threshold.window;
  if (const YAML::Node suppress = node["suppress"]) {
    const Result<Duration> parsed =
        ParseDuration(suppress.IsScalar() ? suppress.Scalar() : "", kMaxWindow);
    if (parsed.ok()) {
      threshold.suppress = *parsed;
    } else {
      reader_.Error(suppress, "bad suppress: " + parsed.status().message());
      ok = false;
    }
  }
  if (const YAML::Node group_by = node["group_by"]) {
    const std::optional<std::vector<std::string>> names = reader_.StringList(group_by, "group_by");
    for (size_t i = 0; names && i < names->size(); ++i) {
      const YAML::Node at = group_by.IsSequence() ? group_by[i] : group_by;
      const std::optional<Field> field = FindField((*names)[i]);
      if (!field) {
        std::string message = "unknown field '" + (*names)[i] + "' in group_by";
        const std::string_view suggestion = SuggestField((*names)[i]);
        if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
        reader_.Error(at, std::move(message));
        ok = false;
        continue;
      }
      const FieldType type = GetFieldInfo(*field).type;
      if (type == FieldType::kStringList || type == FieldType::kTime) {
        reader_.Error(at, "group_by cannot use '" + (*names)[i] + "' (a " +
                              std::string(FieldTypeName(type)) + "); use single-valued fields");
        ok = false;
        continue;
      }
      if (*field == Field::kStatement) {
        // The group's values are written into detections: the raw statement may hold
        // personal data. Its fingerprint groups the same way without the literals.
        reader_.Error(at,
                      "group_by cannot use 'statement' (its literals would reach the "
                      "detections); group by fingerprint instead");
        ok = false;
        continue;
      }
      threshold.group_by.push_back(*field);
    }
  }
  if (!ok) return std::nullopt;
  return threshold;
}

void RuleParser::ParseExceptions(const YAML::Node& node, Rule& rule) {
  if (!node.IsSequence()) {
    reader_.Error(node, "exceptions must be a list of {FIELD: VALUE, ..., reason: WHY}");
    return;
  }
  for (const YAML::Node& item : node) {
    if (!reader_.ExpectMap(item, "an exception")) continue;
    RuleException exception;
    exception.location = reader_.Location(item);
    bool ok = true;
    bool has_fields = false;  // any key besides reason and expires, valid or not
    for (const auto& entry : item) {
      const std::string key = KeyText(entry.first);
      if (key == "reason") {
        exception.reason = reader_.String(entry.second, "reason").value_or("");
      } else if (key == "expires") {
        const std::string text = entry.second.IsScalar() ? entry.second.Scalar() : "";
        std::optional<TimePoint> expires = ParseTimestamp(text);
        if (!expires) {
          reader_.Error(entry.second, "expires must be a date such as 2027-06-30");
          ok = false;
          continue;
        }
        // A bare date covers that whole day.
        if (text.size() == 10) *expires += std::chrono::hours(24);
        exception.expires = expires;
        if (*expires <= context_.now) {
          reader_.Warning(entry.second, "this exception expired on " + text +
                                            " and no longer applies; remove it or extend it");
        }
      } else {
        has_fields = true;
        const size_t before = exception.match.size();
        predicates_.Parse(entry.first, entry.second, exception.match);
        ok = ok && exception.match.size() > before;
      }
    }
    if (exception.reason.empty()) {
      reader_.Error(item, "an exception needs a reason: say why these events are legitimate");
      ok = false;
    }
    // A field that failed to parse has its own error already; do not add a second one.
    if (!has_fields) {
      reader_.Error(item, "an exception needs at least one field to match, e.g. principal: etl");
      ok = false;
    }
    if (ok) rule.exceptions.push_back(std::move(exception));
  }
}

std::optional<TestEvent> RuleParser::ParseTestEvent(const YAML::Node& node,
                                                    TimePoint default_time) {
  if (!reader_.ExpectMap(node, "a test event")) return std::nullopt;
  reader_.CheckKeys(node, kEventKeys, "a test event");
  TestEvent event;
  event.location = reader_.Location(node);
  event.time = default_time;
  bool ok = true;
  for (const auto& entry : node) {
    const std::string key = KeyText(entry.first);
    const YAML::Node& value = entry.second;
    if (key == "time") {
      event.time = value.IsScalar() ? ParseTimestamp(value.Scalar()) : std::nullopt;
      if (!event.time) {
        reader_.Error(value, "time must be RFC 3339, e.g. 2026-03-01T02:30:00Z");
        ok = false;
      }
    } else if (key == "rows") {
      const std::optional<int64_t> rows = reader_.Integer(value, "rows");
      ok = ok && rows.has_value();
      event.rows = rows;
    } else if (key == "duration_ms") {
      const std::optional<double> ms = reader_.Number(value, "duration_ms");
      ok = ok && ms.has_value();
      if (ms) event.duration = Duration(static_cast<int64_t>(*ms * 1000));
    } else {
      const std::optional<std::string> text = reader_.String(value, key);
      if (!text) {
        ok = false;
        continue;
      }
      if (key == "principal" || key == "user") event.principal = *text;
      if (key == "client") event.client = *text;
      if (key == "application") event.application = *text;
      if (key == "database") event.database = *text;
      if (key == "statement") event.statement = *text;
      if (key == "session_id") event.session_id = *text;
      if (key == "status") event.status = *text;
    }
  }
  if (!ok) return std::nullopt;
  return event;
}

void RuleParser::ParseTests(const YAML::Node& node, Rule& rule) {
  if (!node.IsSequence()) {
    reader_.Error(node, "tests must be a list of {name, events: [...], expect: {fires: N}}");
    return;
  }
  const TimePoint epoch = *ParseTimestamp(kTestEpoch);
  for (const YAML::Node& item : node) {
    if (!reader_.ExpectMap(item, "a test")) continue;
    reader_.CheckKeys(item, kTestKeys, "a test");
    RuleTest test;
    test.location = reader_.Location(item);
    bool ok = true;
    if (const YAML::Node name = item["name"]) test.name = reader_.String(name, "name").value_or("");
    const YAML::Node events = item["events"];
    if (!events || !events.IsSequence() || events.size() == 0) {
      reader_.Error(events ? events : item, "a test needs events: a non-empty list of events");
      ok = false;
    } else {
      for (size_t i = 0; i < events.size(); ++i) {
        std::optional<TestEvent> event =
            ParseTestEvent(events[i], epoch + std::chrono::seconds(static_cast<int64_t>(i)));
        if (event) {
          test.events.push_back(std::move(*event));
        } else {
          ok = false;
        }
      }
    }
    const YAML::Node expect = item["expect"];
    if (!expect || !expect.IsMap() || !expect["fires"]) {
      reader_.Error(expect ? expect : item, "a test needs expect: {fires: N}");
      ok = false;
    } else {
      reader_.CheckKeys(expect, kExpectKeys, "expect");
      const std::optional<int64_t> fires = reader_.Integer(expect["fires"], "fires");
      ok = ok && fires.has_value();
      test.expect_fires = static_cast<int>(fires.value_or(0));
      if (const YAML::Node suppressed = expect["suppressed"]) {
        const std::optional<int64_t> value = reader_.Integer(suppressed, "suppressed");
        ok = ok && value.has_value();
        if (value) test.expect_suppressed = static_cast<int>(*value);
      }
    }
    if (test.name.empty()) test.name = "test at line " + std::to_string(test.location.line);
    if (ok) rule.tests.push_back(std::move(test));
  }
}

}  // namespace

std::optional<Rule> ParseRule(const YAML::Node& document, YamlReader& reader,
                              const RuleParseContext& context, std::vector<Pattern>& patterns) {
  RuleParser parser(reader, context, patterns);
  return parser.Parse(document);
}

}  // namespace leakhound
