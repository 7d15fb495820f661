// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "eiopacket_p.h"

#include <QtTest/QtTest>

using namespace SocketIo::Eio;

Q_DECLARE_METATYPE(SocketIo::Eio::Packet)

namespace SocketIo::Eio {

// Readable QCOMPARE failure output for packets and packet lists.
static QByteArray describe(const Packet &packet)
{
    QByteArray out = packet.binary ? QByteArrayLiteral("bin(") : QByteArrayLiteral("text(");
    out += static_cast<char>(packet.type);
    out += QByteArrayLiteral(", 0x");
    out += packet.data.toHex();
    out += ')';
    return out;
}

char *toString(const Packet &packet)
{
    return qstrdup(describe(packet).constData());
}

char *toString(const PacketList &packets)
{
    QByteArray out = QByteArrayLiteral("[");
    for (qsizetype i = 0; i < packets.size(); ++i) {
        if (i)
            out += QByteArrayLiteral(", ");
        out += describe(packets.at(i));
    }
    out += ']';
    return qstrdup(out.constData());
}

} // namespace SocketIo::Eio

namespace {

// UTF-8 spelled out with escapes so the source encoding cannot matter.
const QByteArray eAcute = QByteArrayLiteral("\xc3\xa9");           // é, 2 bytes, 1 UTF-16 unit
const QByteArray euro = QByteArrayLiteral("\xe2\x82\xac");         // €, 3 bytes, 1 UTF-16 unit
const QByteArray grinning = QByteArrayLiteral("\xf0\x9f\x98\x80"); // 😀, 4 bytes, 2 UTF-16 units

Packet text(PacketType type, const QByteArray &data = {})
{
    return Packet::text(type, data);
}

Packet bytes(const QByteArray &data)
{
    return Packet::bytes(data);
}

// Every byte value, so binary paths are exercised with NUL, 0x1e, 0xff, ...
QByteArray allByteValues()
{
    QByteArray out;
    for (int i = 0; i < 256; ++i)
        out.append(static_cast<char>(i));
    return out;
}

QByteArray pseudoRandomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 state = seed;
    for (qsizetype i = 0; i < size; ++i) {
        state = state * 1664525u + 1013904223u; // LCG: deterministic across runs
        out[i] = static_cast<char>(state >> 24);
    }
    return out;
}

} // namespace

class tst_EioPacket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Protocol 4 single packets
    void encodeText_data();
    void encodeText();
    void decodeText_data();
    void decodeText();
    void decodeTextInvalid_data();
    void decodeTextInvalid();
    void textRoundTrip_data();
    void textRoundTrip();
    void isValidType_data();
    void isValidType();

    // Protocol 4 payloads
    void encodePayload_data();
    void encodePayload();
    void decodePayload_data();
    void decodePayload();
    void decodePayloadInvalid_data();
    void decodePayloadInvalid();

    // Protocol 3 text packets and binary frames
    void encodeTextV3_data();
    void encodeTextV3();
    void decodeTextV3_data();
    void decodeTextV3();
    void decodeTextV3Invalid_data();
    void decodeTextV3Invalid();
    void encodeBinaryFrameV3_data();
    void encodeBinaryFrameV3();
    void decodeBinaryFrameV3_data();
    void decodeBinaryFrameV3();
    void decodeBinaryFrameV3Invalid_data();
    void decodeBinaryFrameV3Invalid();

    // Protocol 3 payloads
    void payloadNeedsBinaryV3_data();
    void payloadNeedsBinaryV3();
    void encodeStringPayloadV3_data();
    void encodeStringPayloadV3();
    void decodeStringPayloadV3_data();
    void decodeStringPayloadV3();
    void decodeStringPayloadV3Invalid_data();
    void decodeStringPayloadV3Invalid();
    void encodeBinaryPayloadV3_data();
    void encodeBinaryPayloadV3();
    void binaryPayloadV3RoundTrip_data();
    void binaryPayloadV3RoundTrip();
    void decodeBinaryPayloadV3Invalid_data();
    void decodeBinaryPayloadV3Invalid();

    void utf16Length_data();
    void utf16Length();

private:
    static void textCodecRows();
    static void payloadRows();
    static void textV3CodecRows();
    static void binaryFrameV3Rows();
    static void stringPayloadV3Rows();
};

// ---------------------------------------------------------------------------
// Protocol 4 single packets

void tst_EioPacket::textCodecRows()
{
    QTest::addColumn<Packet>("packet");
    QTest::addColumn<QByteArray>("encoded");

    const QByteArray handshake = QByteArrayLiteral(
            R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
    QTest::newRow("open") << text(PacketType::Open, handshake) << QByteArray('0' + handshake);
    QTest::newRow("close") << text(PacketType::Close) << QByteArrayLiteral("1");
    QTest::newRow("ping") << text(PacketType::Ping) << QByteArrayLiteral("2");
    QTest::newRow("ping probe") << text(PacketType::Ping, "probe") << QByteArrayLiteral("2probe");
    QTest::newRow("pong") << text(PacketType::Pong) << QByteArrayLiteral("3");
    QTest::newRow("pong probe") << text(PacketType::Pong, "probe") << QByteArrayLiteral("3probe");
    QTest::newRow("message") << text(PacketType::Message, "hello") << QByteArrayLiteral("4hello");
    QTest::newRow("upgrade") << text(PacketType::Upgrade) << QByteArrayLiteral("5");
    QTest::newRow("noop") << text(PacketType::Noop) << QByteArrayLiteral("6");

    QTest::newRow("empty message") << text(PacketType::Message) << QByteArrayLiteral("4");
    QTest::newRow("message that looks like a type") << text(PacketType::Message, "4") << QByteArrayLiteral("44");
    QTest::newRow("message starting with b") << text(PacketType::Message, "bAQID") << QByteArrayLiteral("4bAQID");
    QTest::newRow("message with record separator") << text(PacketType::Message,
                                                           "a\x1e"
                                                           "b")
                                                   << QByteArrayLiteral("4a\x1e"
                                                                        "b");
    QTest::newRow("message with NUL") << text(PacketType::Message, QByteArrayLiteral("a\0b"))
                                      << QByteArrayLiteral("4a\0b");

    QTest::newRow("utf8 e-acute") << text(PacketType::Message, eAcute) << QByteArray('4' + eAcute);
    QTest::newRow("utf8 euro") << text(PacketType::Message, euro) << QByteArray('4' + euro);
    QTest::newRow("utf8 emoji") << text(PacketType::Message, grinning) << QByteArray('4' + grinning);
    QTest::newRow("utf8 mixed") << text(PacketType::Message, "caf" + eAcute + ' ' + euro + grinning)
                                << QByteArray('4' + QByteArray("caf" + eAcute + ' ' + euro + grinning));

    QTest::newRow("binary") << bytes(QByteArrayLiteral("\x01\x02\x03")) << QByteArrayLiteral("bAQID");
    QTest::newRow("binary one byte (padding ==)") << bytes(QByteArrayLiteral("\xff")) << QByteArrayLiteral("b/w==");
    QTest::newRow("binary two bytes (padding =)") << bytes(QByteArrayLiteral("\xfb\xff")) << QByteArrayLiteral("b+/8=");
    QTest::newRow("binary empty") << bytes({}) << QByteArrayLiteral("b");
    QTest::newRow("binary text-like") << bytes("hello") << QByteArrayLiteral("baGVsbG8=");
    QTest::newRow("binary all byte values") << bytes(allByteValues()) << QByteArray('b' + allByteValues().toBase64());
}

void tst_EioPacket::encodeText_data()
{
    textCodecRows();
}

void tst_EioPacket::encodeText()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, encoded);
    QCOMPARE(Codec::encodeText(packet), encoded);
}

void tst_EioPacket::decodeText_data()
{
    textCodecRows();
}

void tst_EioPacket::decodeText()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, encoded);
    const auto decoded = Codec::decodeText(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->type, packet.type);
    QCOMPARE(decoded->binary, packet.binary);
    QCOMPARE(decoded->data, packet.data);
    QCOMPARE(*decoded, packet);
}

void tst_EioPacket::decodeTextInvalid_data()
{
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("unknown type 7") << QByteArrayLiteral("7");
    QTest::newRow("unknown type 7 with data") << QByteArrayLiteral("7hello");
    QTest::newRow("unknown type 9") << QByteArrayLiteral("9");
    QTest::newRow("letter x") << QByteArrayLiteral("x");
    QTest::newRow("letter x with data") << QByteArrayLiteral("xhello");
    QTest::newRow("upper-case B") << QByteArrayLiteral("BAQID");
    QTest::newRow("leading space") << QByteArrayLiteral(" 4hello");
    QTest::newRow("slash before digits") << QByteArrayLiteral("/4");
    QTest::newRow("colon after digits") << QByteArrayLiteral(":4");
    QTest::newRow("NUL type") << QByteArrayLiteral("\0"
                                                   "4");
    QTest::newRow("high byte type") << QByteArrayLiteral("\xff"
                                                         "4");
    QTest::newRow("bad base64 symbols") << QByteArrayLiteral("b!!!!");
    QTest::newRow("bad base64 inner space") << QByteArrayLiteral("bAQ ID");
    QTest::newRow("bad base64 data after padding") << QByteArrayLiteral("bAQ=D");
    QTest::newRow("bad base64 too much padding") << QByteArrayLiteral("bA===");
    QTest::newRow("bad base64 non-ascii") << QByteArray("b" + euro);
}

void tst_EioPacket::decodeTextInvalid()
{
    QFETCH(QByteArray, encoded);
    QVERIFY(!Codec::decodeText(encoded).has_value());
}

void tst_EioPacket::textRoundTrip_data()
{
    QTest::addColumn<Packet>("packet");

    for (char t = '0'; t <= '6'; ++t) {
        const auto type = static_cast<PacketType>(t);
        QTest::addRow("type %c empty", t) << text(type);
        QTest::addRow("type %c ascii", t) << text(type, "some data: [1,2,3]");
        QTest::addRow("type %c utf8", t) << text(type, eAcute + euro + grinning);
    }
    QTest::newRow("binary 1 byte") << bytes(QByteArrayLiteral("\0"));
    QTest::newRow("binary 2 bytes") << bytes(QByteArrayLiteral("\0\x1e"));
    QTest::newRow("binary 3 bytes") << bytes(QByteArrayLiteral("\0\x1e\xff"));
    QTest::newRow("binary all byte values") << bytes(allByteValues());
    QTest::newRow("binary 64 KiB") << bytes(pseudoRandomBytes(65536, 7));
}

void tst_EioPacket::textRoundTrip()
{
    QFETCH(Packet, packet);
    const QByteArray encoded = Codec::encodeText(packet);
    QVERIFY(!encoded.isEmpty());
    const auto decoded = Codec::decodeText(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, packet);
    // Encoding is canonical: re-encoding gives the same bytes.
    QCOMPARE(Codec::encodeText(*decoded), encoded);
}

void tst_EioPacket::isValidType_data()
{
    QTest::addColumn<char>("c");
    QTest::addColumn<bool>("valid");

    for (char t = '0'; t <= '6'; ++t)
        QTest::addRow("'%c'", t) << t << true;
    QTest::newRow("'7'") << '7' << false;
    QTest::newRow("'9'") << '9' << false;
    QTest::newRow("'/'") << '/' << false;
    QTest::newRow("'b'") << 'b' << false;
    QTest::newRow("NUL") << '\0' << false;
    QTest::newRow("raw 4") << '\x04' << false;
    QTest::newRow("0xff") << '\xff' << false;
}

void tst_EioPacket::isValidType()
{
    QFETCH(char, c);
    QFETCH(bool, valid);
    QCOMPARE(Codec::isValidType(c), valid);
}

// ---------------------------------------------------------------------------
// Protocol 4 payloads

void tst_EioPacket::payloadRows()
{
    QTest::addColumn<PacketList>("packets");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("single message") << PacketList{text(PacketType::Message, "hello")} << QByteArrayLiteral("4hello");
    QTest::newRow("single empty message") << PacketList{text(PacketType::Message)} << QByteArrayLiteral("4");
    QTest::newRow("single noop") << PacketList{text(PacketType::Noop)} << QByteArrayLiteral("6");
    QTest::newRow("two messages") << PacketList{text(PacketType::Message, "hello"), text(PacketType::Message, "world")}
                                  << QByteArrayLiteral("4hello\x1e"
                                                       "4world");
    QTest::newRow("ping then message") << PacketList{text(PacketType::Ping), text(PacketType::Message, "x")}
                                       << QByteArrayLiteral("2\x1e"
                                                            "4x");
    QTest::newRow("close and noop") << PacketList{text(PacketType::Close), text(PacketType::Noop)}
                                    << QByteArrayLiteral("1\x1e"
                                                         "6");
    QTest::newRow("mixed text and binary")
            << PacketList{text(PacketType::Message, "hello"), bytes(QByteArrayLiteral("\x01\x02\x03\x04"))}
            << QByteArrayLiteral("4hello\x1e"
                                 "bAQIDBA==");
    QTest::newRow("binary then text then binary")
            << PacketList{bytes(QByteArrayLiteral("\x01\x02\x03")), text(PacketType::Message, "a"),
                          bytes(QByteArrayLiteral("\xff"))}
            << QByteArrayLiteral("bAQID\x1e"
                                 "4a\x1e"
                                 "b/w==");
    QTest::newRow("utf8 messages") << PacketList{text(PacketType::Message, euro), text(PacketType::Message, grinning)}
                                   << QByteArray('4' + euro + '\x1e' + '4' + grinning);
    QTest::newRow("empty binary") << PacketList{bytes({}), text(PacketType::Message)}
                                  << QByteArrayLiteral("b\x1e"
                                                       "4");
}

void tst_EioPacket::encodePayload_data()
{
    payloadRows();
    QTest::newRow("no packets") << PacketList{} << QByteArray();
}

void tst_EioPacket::encodePayload()
{
    QFETCH(PacketList, packets);
    QFETCH(QByteArray, payload);
    QCOMPARE(Codec::encodePayload(packets), payload);
}

void tst_EioPacket::decodePayload_data()
{
    payloadRows();
}

void tst_EioPacket::decodePayload()
{
    QFETCH(PacketList, packets);
    QFETCH(QByteArray, payload);
    const auto decoded = Codec::decodePayload(payload);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->size(), packets.size());
    QCOMPARE(*decoded, packets);
}

void tst_EioPacket::decodePayloadInvalid_data()
{
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only separator") << QByteArrayLiteral("\x1e");
    QTest::newRow("leading separator") << QByteArrayLiteral("\x1e"
                                                            "4a");
    QTest::newRow("trailing separator") << QByteArrayLiteral("4a\x1e");
    QTest::newRow("empty record in the middle") << QByteArrayLiteral("4a\x1e\x1e"
                                                                     "4b");
    QTest::newRow("unknown type in second record") << QByteArrayLiteral("4a\x1e"
                                                                        "7b");
    QTest::newRow("letter record") << QByteArrayLiteral("x\x1e"
                                                        "4b");
    QTest::newRow("bad base64 record") << QByteArrayLiteral("4a\x1e"
                                                            "b!!!!");
}

void tst_EioPacket::decodePayloadInvalid()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!Codec::decodePayload(payload).has_value());
}

// ---------------------------------------------------------------------------
// Protocol 3 text packets and binary frames

void tst_EioPacket::textV3CodecRows()
{
    QTest::addColumn<Packet>("packet");
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("open") << text(PacketType::Open, R"({"sid":"abc"})") << QByteArrayLiteral(R"(0{"sid":"abc"})");
    QTest::newRow("close") << text(PacketType::Close) << QByteArrayLiteral("1");
    QTest::newRow("ping probe") << text(PacketType::Ping, "probe") << QByteArrayLiteral("2probe");
    QTest::newRow("pong") << text(PacketType::Pong) << QByteArrayLiteral("3");
    QTest::newRow("message") << text(PacketType::Message, "hello") << QByteArrayLiteral("4hello");
    QTest::newRow("empty message") << text(PacketType::Message) << QByteArrayLiteral("4");
    QTest::newRow("upgrade") << text(PacketType::Upgrade) << QByteArrayLiteral("5");
    QTest::newRow("noop") << text(PacketType::Noop) << QByteArrayLiteral("6");
    QTest::newRow("utf8 message") << text(PacketType::Message, euro + grinning) << QByteArray('4' + euro + grinning);
    QTest::newRow("message starting with b") << text(PacketType::Message, "b4AQID") << QByteArrayLiteral("4b4AQID");
    QTest::newRow("binary") << bytes(QByteArrayLiteral("\x01\x02\x03")) << QByteArrayLiteral("b4AQID");
    QTest::newRow("binary padded") << bytes(QByteArrayLiteral("\xff")) << QByteArrayLiteral("b4/w==");
    QTest::newRow("binary empty") << bytes({}) << QByteArrayLiteral("b4");
    QTest::newRow("binary all byte values") << bytes(allByteValues()) << QByteArray("b4" + allByteValues().toBase64());
}

void tst_EioPacket::encodeTextV3_data()
{
    textV3CodecRows();
}

void tst_EioPacket::encodeTextV3()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, encoded);
    QCOMPARE(Codec::encodeTextV3(packet), encoded);
}

void tst_EioPacket::decodeTextV3_data()
{
    textV3CodecRows();
}

void tst_EioPacket::decodeTextV3()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, encoded);
    const auto decoded = Codec::decodeTextV3(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, packet);
    QCOMPARE(Codec::encodeTextV3(*decoded), encoded);
}

void tst_EioPacket::decodeTextV3Invalid_data()
{
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("unknown type 7") << QByteArrayLiteral("7hello");
    QTest::newRow("letter x") << QByteArrayLiteral("x");
    QTest::newRow("lone b") << QByteArrayLiteral("b");
    QTest::newRow("binary with type 5") << QByteArrayLiteral("b5AQID");
    QTest::newRow("binary with letter type") << QByteArrayLiteral("bxAQID");
    QTest::newRow("v4 binary form") << QByteArrayLiteral("bAQID");
    QTest::newRow("bad base64") << QByteArrayLiteral("b4!!!!");
    QTest::newRow("bad base64 padding") << QByteArrayLiteral("b4AQ=D");
}

void tst_EioPacket::decodeTextV3Invalid()
{
    QFETCH(QByteArray, encoded);
    QVERIFY(!Codec::decodeTextV3(encoded).has_value());
}

void tst_EioPacket::binaryFrameV3Rows()
{
    QTest::addColumn<Packet>("packet");
    QTest::addColumn<QByteArray>("frame");

    QTest::newRow("open") << text(PacketType::Open, "{}") << QByteArrayLiteral("\x00{}");
    QTest::newRow("close") << text(PacketType::Close) << QByteArrayLiteral("\x01");
    QTest::newRow("ping probe") << text(PacketType::Ping, "probe") << QByteArrayLiteral("\x02probe");
    QTest::newRow("pong") << text(PacketType::Pong) << QByteArrayLiteral("\x03");
    QTest::newRow("upgrade") << text(PacketType::Upgrade) << QByteArrayLiteral("\x05");
    QTest::newRow("noop") << text(PacketType::Noop) << QByteArrayLiteral("\x06");
    QTest::newRow("binary message") << bytes(QByteArrayLiteral("\x01\x02\x03"))
                                    << QByteArrayLiteral("\x04\x01\x02\x03");
    QTest::newRow("empty binary message") << bytes({}) << QByteArrayLiteral("\x04");
    QTest::newRow("binary message all byte values") << bytes(allByteValues()) << QByteArray('\x04' + allByteValues());
}

void tst_EioPacket::encodeBinaryFrameV3_data()
{
    binaryFrameV3Rows();
    // A text message in a binary frame carries the same type byte; it decodes as binary.
    QTest::newRow("text message") << text(PacketType::Message, "hi") << QByteArrayLiteral("\x04hi");
}

void tst_EioPacket::encodeBinaryFrameV3()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, frame);
    const QByteArray encoded = Codec::encodeBinaryFrameV3(packet);
    QCOMPARE(encoded, frame);
    QVERIFY(static_cast<unsigned char>(encoded.front()) <= 6);
}

void tst_EioPacket::decodeBinaryFrameV3_data()
{
    binaryFrameV3Rows();
}

void tst_EioPacket::decodeBinaryFrameV3()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, frame);
    const auto decoded = Codec::decodeBinaryFrameV3(frame);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, packet);
    QCOMPARE(decoded->binary, packet.type == PacketType::Message);
}

void tst_EioPacket::decodeBinaryFrameV3Invalid_data()
{
    QTest::addColumn<QByteArray>("frame");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("type 7") << QByteArrayLiteral("\x07"
                                                 "data");
    QTest::newRow("type 7 alone") << QByteArrayLiteral("\x07");
    QTest::newRow("type 10") << QByteArrayLiteral("\x0a");
    QTest::newRow("ascii '4'") << QByteArrayLiteral("4hello");
    QTest::newRow("type 0x7f") << QByteArrayLiteral("\x7f");
    QTest::newRow("type 0x80") << QByteArrayLiteral("\x80");
    QTest::newRow("type 0xff") << QByteArrayLiteral("\xff\x01");
}

void tst_EioPacket::decodeBinaryFrameV3Invalid()
{
    QFETCH(QByteArray, frame);
    QVERIFY(!Codec::decodeBinaryFrameV3(frame).has_value());
}

// ---------------------------------------------------------------------------
// Protocol 3 payloads

void tst_EioPacket::payloadNeedsBinaryV3_data()
{
    QTest::addColumn<PacketList>("packets");
    QTest::addColumn<bool>("supportsBinary");
    QTest::addColumn<bool>("needsBinary");

    const PacketList textOnly{text(PacketType::Message, "a"), text(PacketType::Ping)};
    const PacketList mixed{text(PacketType::Message, "a"), bytes("b")};
    QTest::newRow("empty, binary supported") << PacketList{} << true << false;
    QTest::newRow("text only, binary supported") << textOnly << true << false;
    QTest::newRow("text only, binary unsupported") << textOnly << false << false;
    QTest::newRow("mixed, binary supported") << mixed << true << true;
    QTest::newRow("mixed, binary unsupported") << mixed << false << false;
    QTest::newRow("binary only, binary supported") << PacketList{bytes({})} << true << true;
}

void tst_EioPacket::payloadNeedsBinaryV3()
{
    QFETCH(PacketList, packets);
    QFETCH(bool, supportsBinary);
    QFETCH(bool, needsBinary);
    QCOMPARE(Codec::payloadNeedsBinaryV3(packets, supportsBinary), needsBinary);
}

void tst_EioPacket::stringPayloadV3Rows()
{
    QTest::addColumn<PacketList>("packets");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("hello") << PacketList{text(PacketType::Message, "hello")} << QByteArrayLiteral("6:4hello");
    QTest::newRow("empty message") << PacketList{text(PacketType::Message)} << QByteArrayLiteral("1:4");
    QTest::newRow("ping") << PacketList{text(PacketType::Ping)} << QByteArrayLiteral("1:2");
    QTest::newRow("e-acute counts 1") << PacketList{text(PacketType::Message, eAcute)} << QByteArray("2:4" + eAcute);
    QTest::newRow("euro counts 1") << PacketList{text(PacketType::Message, euro)} << QByteArray("2:4" + euro);
    QTest::newRow("emoji counts 2") << PacketList{text(PacketType::Message, grinning)} << QByteArray("3:4" + grinning);
    QTest::newRow("mixed utf8") << PacketList{text(PacketType::Message, "a" + eAcute + euro + grinning + "z")}
                                << QByteArray("7:4a" + eAcute + euro + grinning + 'z');
    QTest::newRow("ten-character message")
            << PacketList{text(PacketType::Message, "0123456789")} << QByteArrayLiteral("11:40123456789");
    QTest::newRow("multi packet") << PacketList{text(PacketType::Message, "hello"), text(PacketType::Ping),
                                                text(PacketType::Message, euro)}
                                  << QByteArray("6:4hello1:22:4" + euro);
    QTest::newRow("message containing a length-like prefix")
            << PacketList{text(PacketType::Message, "3:4ab"), text(PacketType::Noop)}
            << QByteArrayLiteral("6:43:4ab1:6");
    QTest::newRow("binary as base64") << PacketList{bytes(QByteArrayLiteral("\x01\x02\x03"))}
                                      << QByteArrayLiteral("6:b4AQID");
    QTest::newRow("text and base64 binary")
            << PacketList{text(PacketType::Message, "hi"), bytes(QByteArrayLiteral("\xff"))}
            << QByteArrayLiteral("3:4hi6:b4/w==");
}

void tst_EioPacket::encodeStringPayloadV3_data()
{
    stringPayloadV3Rows();
    QTest::newRow("no packets") << PacketList{} << QByteArray();
}

void tst_EioPacket::encodeStringPayloadV3()
{
    QFETCH(PacketList, packets);
    QFETCH(QByteArray, payload);
    // Binary-capable clients still get the string form when nothing is binary.
    const bool anyBinary = std::any_of(packets.cbegin(), packets.cend(), [](const Packet &p) { return p.binary; });
    QCOMPARE(Codec::encodePayloadV3(packets, false), payload);
    if (!anyBinary)
        QCOMPARE(Codec::encodePayloadV3(packets, true), payload);
}

void tst_EioPacket::decodeStringPayloadV3_data()
{
    stringPayloadV3Rows();
}

void tst_EioPacket::decodeStringPayloadV3()
{
    QFETCH(PacketList, packets);
    QFETCH(QByteArray, payload);
    const auto decoded = Codec::decodePayloadV3(payload, false);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, packets);
}

void tst_EioPacket::decodeStringPayloadV3Invalid_data()
{
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("length overruns") << QByteArrayLiteral("7:4hello");
    QTest::newRow("length overruns by a lot") << QByteArrayLiteral("999999999999:4hello");
    QTest::newRow("second length overruns") << QByteArrayLiteral("6:4hello9:4hi");
    QTest::newRow("length too short leaves garbage") << QByteArrayLiteral("5:4hello");
    QTest::newRow("non-digit length") << QByteArrayLiteral("x:4hello");
    QTest::newRow("hex length") << QByteArrayLiteral("0x6:4hello");
    QTest::newRow("signed length") << QByteArrayLiteral("+6:4hello");
    QTest::newRow("negative length") << QByteArrayLiteral("-1:4");
    QTest::newRow("space in length") << QByteArrayLiteral(" 6:4hello");
    QTest::newRow("empty length") << QByteArrayLiteral(":4hello");
    QTest::newRow("zero length") << QByteArrayLiteral("0:");
    QTest::newRow("zero length then packet") << QByteArrayLiteral("0:6:4hello");
    QTest::newRow("missing colon") << QByteArrayLiteral("64hello");
    QTest::newRow("no length at all") << QByteArrayLiteral("4hello");
    QTest::newRow("13-digit length") << QByteArrayLiteral("0000000000006:4hello");
    QTest::newRow("13-digit huge length") << QByteArrayLiteral("1000000000000:4hello");
    QTest::newRow("trailing colon") << QByteArrayLiteral("6:4hello:");
    QTest::newRow("trailing digits") << QByteArrayLiteral("6:4hello3");
    QTest::newRow("unknown packet type") << QByteArrayLiteral("2:7x");
    QTest::newRow("bad base64 binary") << QByteArrayLiteral("6:b4!!!!");
    QTest::newRow("v4 binary form") << QByteArrayLiteral("5:bAQID");
    QTest::newRow("length counts bytes, not UTF-16 units") << QByteArray("4:4" + euro);
    QTest::newRow("length splits a surrogate pair") << QByteArray("2:4" + grinning);
    QTest::newRow("truncated utf8") << QByteArrayLiteral("2:4\xe2\x82");
    QTest::newRow("v4 record separator payload") << QByteArrayLiteral("4a\x1e"
                                                                      "4b");
}

void tst_EioPacket::decodeStringPayloadV3Invalid()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!Codec::decodePayloadV3(payload, false).has_value());
}

void tst_EioPacket::encodeBinaryPayloadV3_data()
{
    QTest::addColumn<PacketList>("packets");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("one binary packet") << PacketList{bytes(QByteArrayLiteral("\x01\x02\x03"))}
                                       << QByteArrayLiteral("\x01\x04\xff"
                                                            "\x04\x01\x02\x03");
    QTest::newRow("empty binary packet") << PacketList{bytes({})}
                                         << QByteArrayLiteral("\x01\x01\xff"
                                                              "\x04");
    QTest::newRow("text then binary") << PacketList{text(PacketType::Message, "hello"),
                                                    bytes(QByteArrayLiteral("\xff"))}
                                      << QByteArrayLiteral("\x00\x06\xff"
                                                           "4hello"
                                                           "\x01\x02\xff"
                                                           "\x04\xff");
    QTest::newRow("binary then ping") << PacketList{bytes("ab"), text(PacketType::Ping)}
                                      << QByteArrayLiteral("\x01\x03\xff"
                                                           "\x04"
                                                           "ab"
                                                           "\x00\x01\xff"
                                                           "2");
    // Text packets in a binary payload carry their UTF-8 byte length.
    QTest::newRow("utf8 text uses byte length") << PacketList{text(PacketType::Message, euro), bytes("x")}
                                                << QByteArrayLiteral("\x00\x04\xff"
                                                                     "4\xe2\x82\xac"
                                                                     "\x01\x02\xff"
                                                                     "\x04"
                                                                     "x");
    QTest::newRow("two-digit length") << PacketList{bytes(QByteArray(11, 'z'))}
                                      << QByteArray(QByteArrayLiteral("\x01\x01\x02\xff"
                                                                      "\x04")
                                                    + QByteArray(11, 'z'));
    QTest::newRow("four-digit length") << PacketList{bytes(QByteArray(1233, '\x1e'))}
                                       << QByteArray(QByteArrayLiteral("\x01\x01\x02\x03\x04\xff"
                                                                       "\x04")
                                                     + QByteArray(1233, '\x1e'));
}

void tst_EioPacket::encodeBinaryPayloadV3()
{
    QFETCH(PacketList, packets);
    QFETCH(QByteArray, payload);
    QVERIFY(Codec::payloadNeedsBinaryV3(packets, true));
    QCOMPARE(Codec::encodePayloadV3(packets, true), payload);
    const auto decoded = Codec::decodePayloadV3(payload, true);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, packets);
}

void tst_EioPacket::binaryPayloadV3RoundTrip_data()
{
    QTest::addColumn<PacketList>("packets");

    QTest::newRow("single binary") << PacketList{bytes(QByteArrayLiteral("\x01\x02\x03"))};
    QTest::newRow("all byte values") << PacketList{bytes(allByteValues())};
    QTest::newRow("looks like framing") << PacketList{bytes(QByteArrayLiteral("\x00\x01\xff\x01\x09\xff"))};
    QTest::newRow("mixed text and binary") << PacketList{text(PacketType::Message, "hello"),
                                                         bytes(QByteArrayLiteral("\x01\x02")),
                                                         text(PacketType::Ping, "probe"),
                                                         text(PacketType::Message, grinning),
                                                         bytes({}),
                                                         text(PacketType::Noop)};
    QTest::newRow("100 KiB binary") << PacketList{bytes(pseudoRandomBytes(100 * 1024, 42))};
    PacketList many;
    for (int i = 0; i < 50; ++i) {
        if (i % 2)
            many.append(bytes(pseudoRandomBytes(i * 7, quint32(i))));
        else
            many.append(text(PacketType::Message, QByteArray::number(i) + euro));
    }
    QTest::newRow("fifty packets") << many;
}

void tst_EioPacket::binaryPayloadV3RoundTrip()
{
    QFETCH(PacketList, packets);
    const QByteArray payload = Codec::encodePayloadV3(packets, true);
    QVERIFY(!payload.isEmpty());
    const char expectedKind = packets.first().binary ? '\x01' : '\x00';
    QCOMPARE(payload.front(), expectedKind);
    const auto decoded = Codec::decodePayloadV3(payload, true);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->size(), packets.size());
    QCOMPARE(*decoded, packets);
    // A binary body is never a valid string body.
    QVERIFY(!Codec::decodePayloadV3(payload, false).has_value());
}

void tst_EioPacket::decodeBinaryPayloadV3Invalid_data()
{
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("kind byte 2") << QByteArrayLiteral("\x02\x02\xff"
                                                      "4a");
    QTest::newRow("kind byte ascii '0'") << QByteArrayLiteral("0\x02\xff"
                                                              "4a");
    QTest::newRow("digit byte 10") << QByteArrayLiteral("\x00\x0a\xff"
                                                        "4aaaaaaaaa");
    QTest::newRow("digit byte ascii '2'") << QByteArrayLiteral("\x00"
                                                               "2\xff"
                                                               "4a");
    QTest::newRow("digit byte 0xfe") << QByteArrayLiteral("\x01\xfe\xff"
                                                          "\x04");
    QTest::newRow("missing 0xff") << QByteArrayLiteral("\x01\x04");
    QTest::newRow("kind byte only") << QByteArrayLiteral("\x01");
    QTest::newRow("no length digits") << QByteArrayLiteral("\x01\xff"
                                                           "\x04");
    QTest::newRow("length beyond end") << QByteArrayLiteral("\x01\x05\xff"
                                                            "\x04\x01\x02\x03");
    QTest::newRow("huge length") << QByteArrayLiteral("\x01\x09\x09\x09\x09\x09\x09\x09\x09\xff\x04");
    QTest::newRow("13 length digits") << QByteArrayLiteral(
            "\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\xff\x04");
    QTest::newRow("zero-length binary body") << QByteArrayLiteral("\x01\x00\xff");
    QTest::newRow("zero-length text body") << QByteArrayLiteral("\x00\x00\xff");
    QTest::newRow("binary body type 7") << QByteArrayLiteral("\x01\x02\xff"
                                                             "\x07"
                                                             "a");
    QTest::newRow("text body unknown type") << QByteArrayLiteral("\x00\x02\xff"
                                                                 "7a");
    QTest::newRow("valid packet then garbage") << QByteArrayLiteral("\x01\x02\xff"
                                                                    "\x04"
                                                                    "a"
                                                                    "\x05");
    QTest::newRow("valid packet then truncated header") << QByteArrayLiteral("\x01\x02\xff"
                                                                             "\x04"
                                                                             "a"
                                                                             "\x01\x03");
    QTest::newRow("string payload as binary body") << QByteArrayLiteral("6:4hello");
}

void tst_EioPacket::decodeBinaryPayloadV3Invalid()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!Codec::decodePayloadV3(payload, true).has_value());
}

void tst_EioPacket::utf16Length_data()
{
    QTest::addColumn<QByteArray>("utf8");
    QTest::addColumn<qsizetype>("length");

    QTest::newRow("empty") << QByteArray() << qsizetype(0);
    QTest::newRow("ascii") << QByteArrayLiteral("hello") << qsizetype(5);
    QTest::newRow("NUL") << QByteArrayLiteral("\0") << qsizetype(1);
    QTest::newRow("e-acute") << eAcute << qsizetype(1);
    QTest::newRow("euro") << euro << qsizetype(1);
    QTest::newRow("emoji") << grinning << qsizetype(2);
    QTest::newRow("4 + euro") << QByteArray('4' + euro) << qsizetype(2);
    QTest::newRow("4 + emoji") << QByteArray('4' + grinning) << qsizetype(3);
    QTest::newRow("mixed") << QByteArray("a" + eAcute + euro + grinning + grinning) << qsizetype(7);
    QTest::newRow("max BMP U+FFFF") << QByteArrayLiteral("\xef\xbf\xbf") << qsizetype(1);
    QTest::newRow("max code point U+10FFFF") << QByteArrayLiteral("\xf4\x8f\xbf\xbf") << qsizetype(2);
}

void tst_EioPacket::utf16Length()
{
    QFETCH(QByteArray, utf8);
    QFETCH(qsizetype, length);
    QCOMPARE(Codec::utf16Length(utf8), length);
    // Cross-check against Qt's own UTF-8 decoder.
    QCOMPARE(QString::fromUtf8(utf8).size(), length);
}

QTEST_APPLESS_MAIN(tst_EioPacket)

#include "tst_eiopacket.moc"
