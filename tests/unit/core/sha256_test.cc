#include "core/sha256.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace leakhound {
namespace {

// FIPS 180-4 / NIST CSHS example messages.
TEST(Sha256Test, EmptyMessage) {
  EXPECT_EQ(ToHex(Sha256Of("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, Abc) {
  EXPECT_EQ(ToHex(Sha256Of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, FourHundredFortyEightBitMessage) {
  // 56 bytes: the length no longer fits in the first block's padding.
  EXPECT_EQ(ToHex(Sha256Of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, EightHundredNinetySixBitMessage) {
  EXPECT_EQ(ToHex(Sha256Of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                           "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256Test, OneMillionA) {
  EXPECT_EQ(ToHex(Sha256Of(std::string(1'000'000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalUpdatesInOddPiecesMatchOneShot) {
  const std::string million(1'000'000, 'a');
  Sha256 hash;
  size_t pos = 0;
  for (size_t piece = 1; pos < million.size(); piece = piece % 130 + 1) {
    const size_t take = std::min(piece, million.size() - pos);
    hash.Update(std::string_view(million).substr(pos, take));
    pos += take;
  }
  EXPECT_EQ(ToHex(hash.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, EmptyUpdatesChangeNothing) {
  Sha256 hash;
  hash.Update("");
  hash.Update("ab");
  hash.Update("");
  hash.Update("c");
  EXPECT_EQ(hash.Finish(), Sha256Of("abc"));
}

TEST(Sha256Test, EveryLengthAroundTheBlockBoundaryMatchesOneShot) {
  // Lengths 55, 56, 63, 64 and 65 exercise every padding path.
  const std::string text(200, 'x');
  for (size_t length = 50; length <= 130; ++length) {
    const std::string_view message = std::string_view(text).substr(0, length);
    Sha256 hash;
    hash.Update(message.substr(0, length / 3));
    hash.Update(message.substr(length / 3));
    EXPECT_EQ(hash.Finish(), Sha256Of(message)) << length;
  }
}

TEST(Sha256Test, BinaryBytesIncludingNul) {
  const std::string message("a\0b", 3);
  EXPECT_NE(Sha256Of(message), Sha256Of("a"));
  EXPECT_NE(Sha256Of(message), Sha256Of("ab"));
}

TEST(ToHexTest, Prefix) {
  const Sha256::Digest digest = Sha256Of("abc");
  EXPECT_EQ(ToHex(digest, 4), "ba7816bf");
  EXPECT_EQ(ToHex(digest, 0), "");
  EXPECT_EQ(ToHex(digest, 100), ToHex(digest));
  EXPECT_EQ(ToHex(digest).size(), 64u);
}

// RFC 4231, test case 1: a 20-byte key.
TEST(HmacSha256Test, Rfc4231Case1) {
  EXPECT_EQ(ToHex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231, test case 2: a key shorter than the output.
TEST(HmacSha256Test, Rfc4231Case2) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231, test case 6: a 131-byte key, longer than the block, is hashed first.
TEST(HmacSha256Test, Rfc4231Case6) {
  EXPECT_EQ(ToHex(HmacSha256(std::string(131, '\xaa'),
                             "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// RFC 4231, test case 7: a long key and a message longer than one block.
TEST(HmacSha256Test, Rfc4231Case7) {
  EXPECT_EQ(ToHex(HmacSha256(std::string(131, '\xaa'),
                             "This is a test using a larger than block-size key and a larger "
                             "than block-size data. The key needs to be hashed before being "
                             "used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256Test, KeyMatters) {
  EXPECT_NE(HmacSha256("key-a", "alice"), HmacSha256("key-b", "alice"));
  EXPECT_NE(HmacSha256("key-a", "alice"), Sha256Of("alice"));
}

}  // namespace
}  // namespace leakhound
