#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "core/result.h"
#include "core/status.h"

namespace leakhound {
namespace {

TEST(StatusTest, DefaultIsOk) {
  const Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "ok");
  EXPECT_EQ(status, Status::Ok());
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  const Status status = InvalidArgument("bad record");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "bad record");
  EXPECT_EQ(status.ToString(), "invalid argument: bad record");
}

TEST(StatusTest, FactoriesSetTheirCodes) {
  EXPECT_EQ(InvalidArgument("m").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NotFound("m").code(), StatusCode::kNotFound);
  EXPECT_EQ(IoError("m").code(), StatusCode::kIoError);
  EXPECT_EQ(FailedPrecondition("m").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ResourceExhausted("m").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(Internal("m").code(), StatusCode::kInternal);
}

TEST(StatusTest, ToStringUsesTheCodeName) {
  EXPECT_EQ(NotFound("list 'x'").ToString(), "not found: list 'x'");
  EXPECT_EQ(IoError("disk").ToString(), "I/O error: disk");
  EXPECT_EQ(FailedPrecondition("p").ToString(), "failed precondition: p");
  EXPECT_EQ(ResourceExhausted("r").ToString(), "resource exhausted: r");
  EXPECT_EQ(Internal("i").ToString(), "internal error: i");
}

TEST(StatusTest, CodeNames) {
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "ok");
  EXPECT_EQ(StatusCodeName(StatusCode::kInvalidArgument), "invalid argument");
  EXPECT_EQ(StatusCodeName(StatusCode::kNotFound), "not found");
  EXPECT_EQ(StatusCodeName(StatusCode::kIoError), "I/O error");
  EXPECT_EQ(StatusCodeName(StatusCode::kFailedPrecondition), "failed precondition");
  EXPECT_EQ(StatusCodeName(StatusCode::kResourceExhausted), "resource exhausted");
  EXPECT_EQ(StatusCodeName(StatusCode::kInternal), "internal error");
}

TEST(StatusTest, EqualityComparesCodeAndMessage) {
  EXPECT_EQ(NotFound("a"), NotFound("a"));
  EXPECT_NE(NotFound("a"), NotFound("b"));
  EXPECT_NE(NotFound("a"), InvalidArgument("a"));
  EXPECT_NE(NotFound(""), Status::Ok());
}

TEST(ResultTest, HoldsAValue) {
  Result<int> result = 42;
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.status().ok());
  EXPECT_EQ(result.value(), 42);
  EXPECT_EQ(*result, 42);
  *result = 7;
  EXPECT_EQ(result.value(), 7);
}

TEST(ResultTest, HoldsAnError) {
  const Result<int> result = NotFound("no such list");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status(), NotFound("no such list"));
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternalError) {
  const Result<std::string> result = Status::Ok();
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
  EXPECT_FALSE(result.status().message().empty());
}

TEST(ResultTest, ArrowAndMoveOut) {
  Result<std::string> result = std::string("passengers");
  EXPECT_EQ(result->size(), 10u);
  const std::string moved = std::move(result).value();
  EXPECT_EQ(moved, "passengers");
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(5);
  ASSERT_TRUE(result.ok());
  std::unique_ptr<int> owned = std::move(result).value();
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 5);
}

Status Step(bool fail, int& reached) {
  ++reached;
  return fail ? IoError("step failed") : Status::Ok();
}

Status TwoSteps(bool fail_first, int& reached) {
  LEAKHOUND_RETURN_IF_ERROR(Step(fail_first, reached));
  LEAKHOUND_RETURN_IF_ERROR(Step(false, reached));
  return Status::Ok();
}

TEST(ReturnIfErrorTest, PropagatesTheFirstError) {
  int reached = 0;
  EXPECT_EQ(TwoSteps(true, reached), IoError("step failed"));
  EXPECT_EQ(reached, 1);
}

TEST(ReturnIfErrorTest, ContinuesOnOk) {
  int reached = 0;
  EXPECT_TRUE(TwoSteps(false, reached).ok());
  EXPECT_EQ(reached, 2);
}

}  // namespace
}  // namespace leakhound
