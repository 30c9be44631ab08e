#include "rules/predicate_parser.h"

#include <vector>

#include "core/ascii.h"
#include "core/ip_network.h"
#include "core/spelling.h"

namespace leakhound {
namespace {

constexpr std::string_view kOperators[] = {"in",      "not_in", "equals", "eq",      "not_equals",
                                           "ne",      "gt",     "gte",    "lt",      "lte",
                                           "between", "exists", "cidr",   "not_cidr"};

constexpr std::string_view kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::optional<int> ParseWeekday(std::string_view text) {
  const std::string lowered = AsciiLowercase(text);
  for (size_t i = 0; i < std::size(kWeekdays); ++i) {
    if (lowered.size() >= 3 && lowered.compare(0, 3, kWeekdays[i]) == 0) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

std::string Written(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter emitter;
  emitter.SetSeqFormat(YAML::Flow);
  emitter.SetMapFormat(YAML::Flow);
  emitter << node;
  return emitter.c_str();
}

bool IsNumeric(FieldType type) { return type == FieldType::kNumber; }

}  // namespace

std::optional<double> PredicateParser::FieldNumber(Field field, const YAML::Node& node) {
  std::optional<double> value;
  if (field == Field::kWeekday && node.IsScalar()) {
    if (const auto day = ParseWeekday(node.Scalar())) value = *day;
  }
  if (!value)
    value = reader_.Number(node, "the value of '" + std::string(GetFieldInfo(field).name) + "'");
  if (!value) return std::nullopt;
  if (field == Field::kHour && (*value < 0 || *value > 23)) {
    reader_.Error(node, "hour must be between 0 and 23");
    return std::nullopt;
  }
  if (field == Field::kWeekday && (*value < 0 || *value > 6)) {
    reader_.Error(node, "weekday must be 0-6 (Sunday = 0) or a day name such as sat");
    return std::nullopt;
  }
  return value;
}

std::shared_ptr<const NamedList> PredicateParser::InlineSet(Field field, const YAML::Node& values) {
  const FieldInfo& info = GetFieldInfo(field);
  auto set = std::make_shared<NamedList>("", reader_.file());
  std::vector<YAML::Node> items;
  if (values.IsSequence()) {
    for (const YAML::Node& item : values) items.push_back(item);
  } else {
    items.push_back(values);
  }
  bool ok = true;
  for (const YAML::Node& item : items) {
    if (!item.IsScalar()) {
      reader_.Error(item, "list values of '" + std::string(info.name) + "' must be scalars");
      ok = false;
      continue;
    }
    if (IsNumeric(info.type)) {
      const std::optional<double> number = FieldNumber(field, item);
      if (!number) {
        ok = false;
        continue;
      }
      set->Add(std::to_string(static_cast<int64_t>(*number)));
      continue;
    }
    const std::string& text = item.Scalar();
    if (info.type == FieldType::kAddress && text.find('/') != std::string::npos &&
        !IpNetwork::Parse(text)) {
      reader_.Error(item, "'" + text + "' is not a valid CIDR block (e.g. 10.0.0.0/8)");
      ok = false;
      continue;
    }
    set->Add(text);
  }
  if (!ok) return nullptr;
  return set;
}

std::shared_ptr<const NamedList> PredicateParser::NamedSet(const YAML::Node& name) {
  const std::string& text = name.Scalar();
  const auto it = lists_.find(text);
  if (it != lists_.end()) return it->second;
  std::string message = "unknown list '" + text + "'";
  std::vector<std::string_view> known;
  for (const auto& [list_name, list] : lists_) known.push_back(list_name);
  const std::string_view suggestion = ClosestMatch(text, known);
  if (!suggestion.empty()) {
    message += "; did you mean '" + std::string(suggestion) + "'?";
  } else if (known.empty()) {
    message += ": the pack has no lists; create lists/" + text + ".txt beside the rules";
  } else {
    message += " (known lists:";
    for (std::string_view list_name : known) message += " " + std::string(list_name);
    message += "); create lists/" + text + ".txt to add it";
  }
  reader_.Error(name, std::move(message));
  return nullptr;
}

void PredicateParser::Parse(const YAML::Node& key, const YAML::Node& spec,
                            std::vector<Predicate>& out) {
  const std::string name = KeyText(key);
  const std::optional<Field> field = FindField(name);
  if (!field) {
    std::string message = "unknown field '" + name + "'";
    const std::string_view suggestion = SuggestField(name);
    if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
    message += " (rules/README.md lists the fields)";
    reader_.Error(key, std::move(message));
    return;
  }
  const FieldInfo& info = GetFieldInfo(*field);
  if (info.type == FieldType::kTime) {
    reader_.Error(key, "'time' cannot be compared directly; use hour or weekday");
    return;
  }
  if (spec.IsMap()) {
    for (const auto& entry : spec) {
      ParseOperator(*field, KeyText(entry.first), entry.first, entry.second, out);
    }
    return;
  }
  if (spec.IsSequence()) {
    ParseOperator(*field, "in", key, spec, out);
    return;
  }
  if (spec.IsScalar()) {
    ParseOperator(*field, "equals", key, spec, out);
    return;
  }
  reader_.Error(key, "field '" + name + "' needs a value, a list or a mapping of operators");
}

void PredicateParser::ParseOperator(Field field, const std::string& op, const YAML::Node& op_key,
                                    const YAML::Node& operand, std::vector<Predicate>& out) {
  const FieldInfo& info = GetFieldInfo(field);
  const std::string field_name(info.name);
  Predicate predicate;
  predicate.field = field;
  predicate.location = reader_.Location(op_key);
  predicate.written = Written(operand);
  const auto type_error = [&](std::string_view wants) {
    reader_.Error(op_key, "operator '" + op + "' needs " + std::string(wants) + "; '" + field_name +
                              "' is a " + std::string(FieldTypeName(info.type)));
  };

  if (op == "in" || op == "not_in" || op == "cidr" || op == "not_cidr") {
    predicate.op = (op == "in" || op == "cidr") ? PredicateOp::kIn : PredicateOp::kNotIn;
    if ((op == "cidr" || op == "not_cidr") && info.type != FieldType::kAddress) {
      return type_error("an address field such as client");
    }
    if (info.type == FieldType::kBool) return type_error("a string, list, number or address field");
    if (operand.IsScalar() && !IsNumeric(info.type) && op.find("cidr") == std::string::npos) {
      predicate.set = NamedSet(operand);  // in: list_name
    } else if (operand.IsScalar() || operand.IsSequence()) {
      predicate.set = InlineSet(field, operand);
    } else {
      reader_.Error(operand, "'" + op + "' takes a list name or a list of values");
    }
    if (predicate.set) out.push_back(std::move(predicate));
    return;
  }
  if (op == "equals" || op == "eq" || op == "not_equals" || op == "ne") {
    predicate.op = (op == "equals" || op == "eq") ? PredicateOp::kEquals : PredicateOp::kNotEquals;
    if (!operand.IsScalar()) {
      reader_.Error(operand, "'" + op + "' takes a single value; use in: [...] for several");
      return;
    }
    if (info.type == FieldType::kBool) {
      const std::optional<bool> value = reader_.Bool(operand, "the value of '" + field_name + "'");
      if (!value) return;
      predicate.expected_bool = *value;
    } else if (IsNumeric(info.type)) {
      const std::optional<double> value = FieldNumber(field, operand);
      if (!value) return;
      predicate.number = *value;
    } else {
      predicate.set = InlineSet(field, operand);
      if (!predicate.set) return;
    }
    out.push_back(std::move(predicate));
    return;
  }
  if (op == "gt" || op == "gte" || op == "lt" || op == "lte") {
    if (!IsNumeric(info.type)) return type_error("a number field");
    predicate.op = op == "gt"    ? PredicateOp::kGt
                   : op == "gte" ? PredicateOp::kGte
                   : op == "lt"  ? PredicateOp::kLt
                                 : PredicateOp::kLte;
    const std::optional<double> value = FieldNumber(field, operand);
    if (!value) return;
    predicate.number = *value;
    out.push_back(std::move(predicate));
    return;
  }
  if (op == "between") {
    if (!IsNumeric(info.type)) return type_error("a number field");
    if (!operand.IsSequence() || operand.size() != 2) {
      reader_.Error(operand, "between takes two values: [low, high]");
      return;
    }
    const std::optional<double> low = FieldNumber(field, operand[0]);
    const std::optional<double> high = FieldNumber(field, operand[1]);
    if (!low || !high) return;
    const bool wraps = field == Field::kHour || field == Field::kWeekday;
    if (*low > *high && !wraps) {
      reader_.Error(operand, "between's low end " + operand[0].Scalar() +
                                 " is above its high end " + operand[1].Scalar());
      return;
    }
    predicate.op = PredicateOp::kBetween;
    predicate.number = *low;
    predicate.number_high = *high;
    out.push_back(std::move(predicate));
    return;
  }
  if (op == "exists") {
    const std::optional<bool> value = reader_.Bool(operand, "exists");
    if (!value) return;
    predicate.op = PredicateOp::kExists;
    predicate.expected_bool = *value;
    out.push_back(std::move(predicate));
    return;
  }
  std::string message = "unknown operator '" + op + "' for field '" + field_name + "'";
  const std::string_view suggestion = ClosestMatch(op, kOperators);
  if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
  reader_.Error(op_key, std::move(message));
}

}  // namespace leakhound
