// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "msgpackcodec_p.h"
#include "siomsgpack_p.h"
#include "sioparser_p.h"

#include <QtCore/QDateTime>
#include <QtTest/QtTest>

using namespace SocketIo::Sio;

Q_DECLARE_METATYPE(SocketIo::Sio::Packet)

namespace {

// A typed, readable form of a value, so that comparisons tell qint64 from
// double and QString from QByteArray, and failures print well.
QByteArray describe(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return QByteArrayLiteral("invalid");
    case QMetaType::Nullptr:
        return QByteArrayLiteral("null");
    case QMetaType::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QMetaType::LongLong:
        return "int:" + QByteArray::number(value.toLongLong());
    case QMetaType::Double:
        return "double:" + QByteArray::number(value.toDouble(), 'g', 17);
    case QMetaType::QString:
        return "str:\"" + value.toString().toUtf8() + '"';
    case QMetaType::QByteArray:
        return "bin:0x" + value.toByteArray().toHex();
    case QMetaType::QDateTime:
        return "date:" + QByteArray::number(value.toDateTime().toMSecsSinceEpoch());
    case QMetaType::QVariantList: {
        QByteArray out = QByteArrayLiteral("[");
        const QVariantList list = value.toList();
        for (qsizetype i = 0; i < list.size(); ++i)
            out += (i ? QByteArrayLiteral(", ") : QByteArray()) + describe(list.at(i));
        return out + ']';
    }
    case QMetaType::QVariantMap: {
        QByteArray out = QByteArrayLiteral("{");
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            out += (it == map.cbegin() ? QByteArray() : QByteArrayLiteral(", ")) + it.key().toUtf8() + ": "
                    + describe(it.value());
        }
        return out + '}';
    }
    default:
        return QByteArray("other:") + value.typeName();
    }
}

QByteArray describe(const Packet &packet)
{
    return "type=" + QByteArray::number(int(packet.type)) + " nsp=" + packet.nsp.toUtf8()
            + " id=" + QByteArray::number(packet.id) + " data=" + describe(packet.data);
}

QVariant num(qint64 value)
{
    return QVariant(value);
}

QVariant str(const char *utf8)
{
    return QVariant(QString::fromUtf8(utf8));
}

QVariant nul()
{
    return QVariant::fromValue(nullptr);
}

QVariant list(std::initializer_list<QVariant> items)
{
    return QVariantList(items);
}

QVariant object(std::initializer_list<std::pair<const char *, QVariant>> members)
{
    QVariantMap map;
    for (const auto &member : members)
        map.insert(QString::fromUtf8(member.first), member.second);
    return map;
}

// n bytes counting up from `from`, wrapping at 256 (the generator's bytes()).
QByteArray bytes(int n, int from = 0)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += char((from + i) & 0xff);
    return out;
}

Packet make(PacketType type, const QVariant &data = QVariant(), const char *nsp = "/", qint64 id = -1)
{
    Packet packet;
    packet.type = type;
    packet.nsp = QString::fromUtf8(nsp);
    packet.id = id;
    packet.data = data;
    return packet;
}

// A MessagePack map of raw keys and values, in order: hostile packets made by hand.
QByteArray map(std::initializer_list<std::pair<const char *, QByteArray>> entries)
{
    QByteArray out(1, char(0x80 | int(entries.size())));
    for (const auto &entry : entries)
        out += SocketIo::Msgpack::encode(QString::fromLatin1(entry.first)) + entry.second;
    return out;
}

QByteArray mp(const QVariant &value)
{
    return SocketIo::Msgpack::encode(value);
}

const QByteArray Undefined = QByteArray::fromHex("d40000");
const QByteArray Nil = QByteArray::fromHex("c0");
const QByteArray Slash = mp(str("/"));
const QByteArray EventData = mp(list({str("e")}));

// `depth` arrays, one inside the other, around 0.
QByteArray nestedArrays(int depth)
{
    return QByteArray(depth, char(0x91)) + '\0';
}

QByteArray nestedMaps(int depth)
{
    QByteArray out;
    for (int i = 0; i < depth; ++i)
        out += QByteArray::fromHex("81a161");
    return out + '\0';
}

} // namespace

class tst_SioMsgpack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void decode_data();
    void decode();
    void roundTrip_data();
    void roundTrip();
    void hostile_data();
    void hostile();

    void encodeInTheMsgpackFormat();
    void binaryTypesTravelAsPlainTypes();
    void emptyNamespaceIsWrittenAsSlash();
    void decoderRefusesTextFrames();
    void decoderCarriesOnAfterAnError();
    void decoderKeepsTheJsonFormatByDefault();
    void depthWithinTheBoundIsAccepted();
};

// Expected bytes: what npm socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0) writes for the
// same packet object, printed by expected-hex.mjs in this folder (rows of the same name).
void tst_SioMsgpack::encode_data()
{
    QTest::addColumn<Packet>("packet");
    QTest::addColumn<QByteArray>("hex");

    QTest::newRow("connect") << make(PacketType::Connect, object({{"sid", str("AbCdEfGhIjKlMnOpQrSt")}}))
                             << QByteArray("83a47479706500a46461746181a3736964b44162436445664768496a4b6c4d6e4f7051"
                                           "725374a36e7370a12f");
    QTest::newRow("connectPid") << make(PacketType::Connect, object({{"pid", str("pid-1")}, {"sid", str("sid-1")}}),
                                        "/chat")
                                << QByteArray("83a47479706500a46461746182a3706964a57069642d31a3736964a57369642d31a36e"
                                              "7370a52f63686174");
    QTest::newRow("connectNoData") << make(PacketType::Connect, QVariant(), "/admin")
                                   << QByteArray("82a47479706500a36e7370a62f61646d696e");
    QTest::newRow("disconnect") << make(PacketType::Disconnect, QVariant(), "/chat")
                                << QByteArray("82a47479706501a36e7370a52f63686174");
    QTest::newRow("event") << make(PacketType::Event,
                                   list({str("message"), str("héllo ✓"), num(1), num(-1), 1.5, true, false, nul()}))
                           << QByteArray("83a47479706502a46461746198a76d657373616765aa68c3a96c6c6f20e29c9301ffcb3ff8"
                                         "000000000000c3c2c0a36e7370a12f");
    QTest::newRow("eventAck") << make(PacketType::Event, list({str("question"), num(42)}), "/", 7)
                              << QByteArray("84a47479706502a46461746192a87175657374696f6e2aa2696407a36e7370a12f");
    QTest::newRow("eventBinary")
            << make(PacketType::Event,
                    list({str("file"),
                          object({{"blob", bytes(3, 1)},
                                  {"name", str("a.bin")},
                                  {"parts", list({QByteArray(""), bytes(300)})}})}),
                    "/chat")
            << "83a47479706502a46461746192a466696c6583a4626c6f62c403010203a46e616d65a5612e62696ea5706172747392c400c501"
               "2c" + bytes(300).toHex()
                    + "a36e7370a52f63686174";
    QTest::newRow("ack") << make(PacketType::Ack, list({str("ok"), bytes(2, 0xfe)}), "/", 7)
                         << QByteArray("84a2696407a47479706503a46461746192a26f6bc402feffa36e7370a12f");
    QTest::newRow("ackMaxId") << make(PacketType::Ack, QVariantList(), "/", (qint64(1) << 53) - 1)
                              << QByteArray("84a26964cf001fffffffffffffa47479706503a46461746190a36e7370a12f");
    QTest::newRow("connectError")
            << make(PacketType::ConnectError,
                    object({{"data", object({{"code", num(401)}})}, {"message", str("unauthorized")}}), "/auth")
            << QByteArray("83a47479706504a46461746182a46461746181a4636f6465cd0191a76d657373616765ac756e617574686f7269"
                          "7a6564a36e7370a52f61757468");
    QTest::newRow("connectErrorString") << make(PacketType::ConnectError, str("unauthorized"))
                                        << QByteArray("83a47479706504a464617461ac756e617574686f72697a6564a36e7370a12f");
    QTest::newRow("numbers")
            << make(PacketType::Event,
                    list({str("n"),
                          num(127),
                          num(128),
                          num(255),
                          num(256),
                          num(65535),
                          num(65536),
                          num(4294967295),
                          num(4294967296),
                          num((qint64(1) << 53) - 1),
                          num(-32),
                          num(-33),
                          num(-128),
                          num(-129),
                          num(-32768),
                          num(-32769),
                          num(-2147483648LL),
                          num(-2147483649LL),
                          num(-((qint64(1) << 53) - 1)),
                          0.1,
                          -2.5}))
            << QByteArray("83a47479706502a464617461dc0015a16e7fcc80ccffcd0100cdffffce00010000ceffffffffcf000000010000"
                          "0000cf001fffffffffffffe0d0dfd080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffffd3ffe000"
                          "0000000001cb3fb999999999999acbc004000000000000a36e7370a12f");

    QVariantList sixteen;
    QVariantMap sixteenKeys;
    for (int i = 0; i < 16; ++i) {
        sixteen.append(num(i));
        sixteenKeys.insert(QString(QChar(u'a' + i)), num(i));
    }
    QTest::newRow("sizes") << make(
            PacketType::Event,
            list({str("s"), QString(31, u'x'), QString(32, u'y'), QString(256, u'z'), sixteen, sixteenKeys}))
                           << "83a47479706502a46461746196a173bf" + QByteArray(31, 'x').toHex() + "d920"
                    + QByteArray(32, 'y').toHex() + "da0100" + QByteArray(256, 'z').toHex()
                    + "dc0010000102030405060708090a0b0c0d0e0fde0010a16100a16201a16302a16403a16504a166"
                      "05a16706a16807a16908a16a09a16b0aa16c0ba16d0ca16e0da16f0ea1700fa36e7370a12f";
}

void tst_SioMsgpack::encode()
{
    QFETCH(Packet, packet);
    QFETCH(QByteArray, hex);
    QCOMPARE(encodeMsgpack(packet).toHex(), hex);
}

// Input: what socket.io-client 4.8 with socket.io-msgpack-parser 3.0.2 sends (expected-hex.mjs,
// "client" rows), and the server rows read back.
void tst_SioMsgpack::decode_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<Packet>("expected");

    QTest::newRow("clientConnect (data: undefined)")
            << QByteArray("83a47479706500a464617461d40000a36e7370a12f") << make(PacketType::Connect);
    QTest::newRow("clientConnectAuth") << QByteArray(
            "83a47479706500a46461746181a5746f6b656ea6736563726574a36e7370a52f61757468")
                                       << make(PacketType::Connect, object({{"token", str("secret")}}), "/auth");
    QTest::newRow("clientConnectRecovery")
            << QByteArray("83a47479706500a46461746182a3706964a27031a66f6666736574a26f31a36e7370a12f")
            << make(PacketType::Connect, object({{"offset", str("o1")}, {"pid", str("p1")}}));
    QTest::newRow("clientEventAck") << QByteArray(
            "84a47479706502a46461746193a361636b0181a46465657091c4020001a2696400a36e7370a12f")
                                    << make(PacketType::Event,
                                            list({str("ack"), num(1), object({{"deep", list({bytes(2)})}})}), "/", 0);
    QTest::newRow("clientAck (id before data)")
            << QByteArray("84a47479706503a2696403a46461746192c0a178a36e7370a72f637573746f6d")
            << make(PacketType::Ack, list({nul(), str("x")}), "/custom", 3);
    QTest::newRow("clientDisconnect") << QByteArray("82a47479706501a36e7370a52f63686174")
                                      << make(PacketType::Disconnect, QVariant(), "/chat");
    QTest::newRow("clientTypedArray (ArrayBuffer extension)")
            << QByteArray("83a47479706502a46461746193a362696ec702000102c70000a36e7370a12f")
            << make(PacketType::Event, list({str("bin"), bytes(2, 1), QByteArray("")}));
    QTest::newRow("clientDate (notepack 2 Date)")
            << QByteArray("83a47479706502a46461746192a464617465d7000000018bcfe5687ba36e7370a12f")
            << make(PacketType::Event, list({str("date"), QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC)}));
    QTest::newRow("clientUndefinedArg") << QByteArray("83a47479706502a46461746192a175d40000a36e7370a12f")
                                        << make(PacketType::Event, list({str("u"), nul()}));
    QTest::newRow("clientExtraKey") << QByteArray("84a47479706502a46461746191a178a36e7370a12fa5657874726181a1619101")
                                    << make(PacketType::Event, list({str("x")}));
    QTest::newRow("connectError") << QByteArray("83a47479706504a46461746182a46461746181a4636f6465cd0191a76d6573736167"
                                                "65ac756e617574686f72697a6564a36e7370a52f61757468")
                                  << make(PacketType::ConnectError,
                                          object({{"data", object({{"code", num(401)}})},
                                                  {"message", str("unauthorized")}}),
                                          "/auth");
    QTest::newRow("ackMaxId") << QByteArray("84a26964cf001fffffffffffffa47479706503a46461746190a36e7370a12f")
                              << make(PacketType::Ack, QVariantList(), "/", (qint64(1) << 53) - 1);

    // Made by hand: what JavaScript reads the same way.
    QTest::newRow("type as float64 2.0")
            << map({{"type", QByteArray::fromHex("cb4000000000000000")}, {"data", EventData}, {"nsp", Slash}}).toHex()
            << make(PacketType::Event, list({str("e")}));
    QTest::newRow("id undefined")
            << map({{"type", mp(num(2))}, {"data", EventData}, {"id", Undefined}, {"nsp", Slash}}).toHex()
            << make(PacketType::Event, list({str("e")}));
    QTest::newRow("duplicate key: the last wins")
            << map({{"type", mp(num(1))}, {"nsp", Slash}, {"type", mp(num(2))}, {"data", EventData}}).toHex()
            << make(PacketType::Event, list({str("e")}));
    QTest::newRow("numeric event name")
            << map({{"type", mp(num(2))}, {"data", mp(list({num(1), num(2)}))}, {"nsp", Slash}}).toHex()
            << make(PacketType::Event, list({num(1), num(2)}));
    QTest::newRow("nsp without a slash (refused later as a namespace)")
            << map({{"type", mp(num(0))}, {"nsp", mp(str("chat"))}}).toHex()
            << make(PacketType::Connect, QVariant(), "chat");
    QTest::newRow("map16 header") << (QByteArray("de0002") + map({{"type", mp(num(1))}, {"nsp", Slash}}).mid(1).toHex())
                                  << make(PacketType::Disconnect);
}

void tst_SioMsgpack::decode()
{
    QFETCH(QByteArray, hex);
    QFETCH(Packet, expected);
    QString error;
    const std::optional<Packet> packet = decodeMsgpack(QByteArray::fromHex(hex), &error);
    QVERIFY2(packet, qPrintable(error));
    QCOMPARE(describe(*packet), describe(expected));
}

void tst_SioMsgpack::roundTrip_data()
{
    QTest::addColumn<Packet>("packet");

    QTest::newRow("connect") << make(PacketType::Connect, object({{"sid", str("s")}}), "/a");
    QTest::newRow("connect without data") << make(PacketType::Connect);
    QTest::newRow("disconnect") << make(PacketType::Disconnect, QVariant(), "/a");
    QTest::newRow("event with binary anywhere") << make(
            PacketType::Event,
            list({str("e"), bytes(1), object({{"k", list({bytes(70000), object({{"b", bytes(5)}})})}})}), "/a", 12);
    QTest::newRow("ack") << make(PacketType::Ack, list({bytes(3), nul()}), "/", 0);
    QTest::newRow("connect error with data")
            << make(PacketType::ConnectError, object({{"data", list({num(1)})}, {"message", str("no")}}), "/b");
    QTest::newRow("connect error string") << make(PacketType::ConnectError, str("no"));
}

void tst_SioMsgpack::roundTrip()
{
    QFETCH(Packet, packet);
    QString error;
    const std::optional<Packet> back = decodeMsgpack(encodeMsgpack(packet), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(describe(*back), describe(packet));
}

// Every row is refused with a reason containing `reason`; the package's own messages where it
// has one (checkPacket()).
void tst_SioMsgpack::hostile_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason");

    const QString notAMap = QStringLiteral("not a MessagePack map");
    const QString invalidMsgpack = QStringLiteral("invalid MessagePack");
    const QString badType = QStringLiteral("invalid packet type");
    const QString badNsp = QStringLiteral("invalid namespace");
    const QString badPayload = QStringLiteral("invalid payload");
    const QString badId = QStringLiteral("invalid packet id");
    const auto event = [](const QByteArray &data) {
        return map({{"type", mp(num(2))}, {"data", data}, {"nsp", Slash}});
    };
    const auto typed = [](int type, const QByteArray &data) {
        return map({{"type", mp(num(type))}, {"data", data}, {"nsp", Slash}});
    };
    const auto withId = [](const QByteArray &id) {
        return map({{"type", mp(num(2))}, {"data", EventData}, {"id", id}, {"nsp", Slash}});
    };

    // Not one map
    QTest::newRow("empty") << QByteArray() << notAMap;
    QTest::newRow("array") << mp(list({num(2), str("/")})) << notAMap;
    QTest::newRow("nil") << Nil << notAMap;
    QTest::newRow("JSON text in a binary frame") << QByteArray("42[\"e\"]") << notAMap;
    QTest::newRow("map16 cut short") << QByteArray::fromHex("de00") << notAMap;
    QTest::newRow("map cut short") << QByteArray::fromHex("83a474797065") << invalidMsgpack;
    QTest::newRow("map32 of 2^32-1 entries, nothing after") << QByteArray::fromHex("dfffffffff") << invalidMsgpack;
    QTest::newRow("bytes after the map") << map({{"type", mp(num(1))}, {"nsp", Slash}}) + '\0'
                                         << QStringLiteral("1 bytes follow the packet");
    QTest::newRow("0xc1 in an unused key's value")
            << map({{"type", mp(num(1))}, {"nsp", Slash}, {"x", "\xc1"}}) << invalidMsgpack;

    // type
    QTest::newRow("type missing") << map({{"nsp", Slash}}) << badType;
    QTest::newRow("type 5 (BINARY_EVENT)") << typed(5, EventData) << badType;
    QTest::newRow("type 6 (BINARY_ACK)") << typed(6, EventData) << badType;
    QTest::newRow("type -1") << map({{"type", mp(num(-1))}, {"nsp", Slash}}) << badType;
    QTest::newRow("type 1.5") << map({{"type", mp(1.5)}, {"nsp", Slash}}) << badType;
    QTest::newRow("type \"2\"") << map({{"type", mp(str("2"))}, {"data", EventData}, {"nsp", Slash}}) << badType;
    QTest::newRow("type nil") << map({{"type", Nil}, {"nsp", Slash}}) << badType;
    QTest::newRow("type undefined") << map({{"type", Undefined}, {"nsp", Slash}}) << badType;

    // nsp
    QTest::newRow("nsp missing") << map({{"type", mp(num(1))}}) << badNsp;
    QTest::newRow("nsp a number") << map({{"type", mp(num(1))}, {"nsp", mp(num(1))}}) << badNsp;
    QTest::newRow("nsp nil") << map({{"type", mp(num(1))}, {"nsp", Nil}}) << badNsp;
    QTest::newRow("nsp undefined") << map({{"type", mp(num(1))}, {"nsp", Undefined}}) << badNsp;
    QTest::newRow("nsp bin") << map({{"type", mp(num(1))}, {"nsp", mp(QByteArray("/"))}}) << badNsp;

    // data
    QTest::newRow("CONNECT with an array") << typed(0, mp(list({}))) << badPayload;
    QTest::newRow("CONNECT with nil") << typed(0, Nil) << badPayload;
    QTest::newRow("CONNECT with a string") << typed(0, mp(str("x"))) << badPayload;
    QTest::newRow("DISCONNECT with a map") << typed(1, mp(QVariantMap())) << badPayload;
    QTest::newRow("DISCONNECT with nil") << typed(1, Nil) << badPayload;
    QTest::newRow("EVENT with a map") << event(mp(object({{"0", str("e")}}))) << badPayload;
    QTest::newRow("EVENT with a string") << event(mp(str("e"))) << badPayload;
    QTest::newRow("EVENT without data") << map({{"type", mp(num(2))}, {"nsp", Slash}}) << badPayload;
    QTest::newRow("EVENT with undefined") << event(Undefined) << badPayload;
    QTest::newRow("EVENT with bin") << event(mp(QByteArray("e"))) << badPayload;
    QTest::newRow("EVENT empty") << event(mp(QVariantList())) << badPayload;
    QTest::newRow("EVENT named disconnect") << event(mp(list({str("disconnect")}))) << badPayload;
    QTest::newRow("EVENT named connect_error") << event(mp(list({str("connect_error"), num(1)}))) << badPayload;
    QTest::newRow("EVENT named by a map") << event(mp(list({QVariantMap()}))) << badPayload;
    QTest::newRow("EVENT named by nil") << event(mp(list({nul()}))) << badPayload;
    QTest::newRow("ACK with a map") << typed(3, mp(QVariantMap())) << badPayload;
    QTest::newRow("ACK without data") << map({{"type", mp(num(3))}, {"id", mp(num(1))}, {"nsp", Slash}}) << badPayload;
    QTest::newRow("CONNECT_ERROR with a number") << typed(4, mp(num(1))) << badPayload;
    QTest::newRow("CONNECT_ERROR without data") << map({{"type", mp(num(4))}, {"nsp", Slash}}) << badPayload;

    // id
    QTest::newRow("id -1") << withId(mp(num(-1))) << badId;
    QTest::newRow("id 1.5") << withId(mp(1.5)) << badId;
    QTest::newRow("id \"1\"") << withId(mp(str("1"))) << badId;
    QTest::newRow("id nil") << withId(Nil) << badId;
    QTest::newRow("id 2^53") << withId(QByteArray::fromHex("cf0020000000000000")) << badId;
    QTest::newRow("id 2^64-1") << withId(QByteArray::fromHex("cfffffffffffffffff")) << badId;

    // Declared sizes and depth: refused before anything is allocated for them
    QTest::newRow("bin32 of 4 GiB") << event(QByteArray::fromHex("92a165c6ffffffff00")) << invalidMsgpack;
    QTest::newRow("array32 of 2^32-1") << event(QByteArray::fromHex("ddffffffff00")) << invalidMsgpack;
    QTest::newRow("str32 of 4 GiB") << event(QByteArray::fromHex("91dbffffffff61")) << invalidMsgpack;
    QTest::newRow("map32 of 2^32-1") << event(QByteArray::fromHex("92a165dfffffffff")) << invalidMsgpack;
    QTest::newRow("arrays 600 deep") << event(nestedArrays(600)) << invalidMsgpack;
    QTest::newRow("maps 600 deep") << event("\x92\xa1\x65" + nestedMaps(600)) << invalidMsgpack;
    QTest::newRow("ill-formed UTF-8") << event(QByteArray::fromHex("91a2c328")) << invalidMsgpack;
    QTest::newRow("timestamp of 3 bytes") << event(QByteArray::fromHex("92a165c703ff000000")) << invalidMsgpack;
}

void tst_SioMsgpack::hostile()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);
    QString error;
    const std::optional<Packet> packet = decodeMsgpack(input, &error);
    QVERIFY2(!packet, packet ? describe(*packet).constData() : "");
    QVERIFY2(error.contains(reason), qPrintable(error));

    // The decoder the connection uses says the same and stays usable.
    Decoder decoder(Format::Msgpack);
    QCOMPARE(decoder.addBinary(input), Decoder::Result::Error);
    QVERIFY2(decoder.errorString().contains(reason), qPrintable(decoder.errorString()));
    QCOMPARE(decoder.addBinary(encodeMsgpack(make(PacketType::Disconnect))), Decoder::Result::Complete);
}

void tst_SioMsgpack::encodeInTheMsgpackFormat()
{
    const Packet packet = make(PacketType::Event, list({str("e"), bytes(4)}), "/n", 3);
    const Encoded encoded = SocketIo::Sio::encode(packet, Format::Msgpack);
    QVERIFY(encoded.text.isEmpty());
    QCOMPARE(encoded.attachments, QList<QByteArray>{encodeMsgpack(packet)});

    // The JSON format is unchanged: a text frame and one attachment.
    const Encoded json = SocketIo::Sio::encode(packet, Format::Json);
    QCOMPARE(json.text, SocketIo::Sio::encode(packet).text);
    QCOMPARE(json.text, QByteArray("51-/n,3[\"e\",{\"_placeholder\":true,\"num\":0}]"));
    QCOMPARE(json.attachments, QList<QByteArray>{bytes(4)});
}

void tst_SioMsgpack::binaryTypesTravelAsPlainTypes()
{
    const QVariant data = list({str("e"), bytes(1)});
    QCOMPARE(encodeMsgpack(make(PacketType::BinaryEvent, data)), encodeMsgpack(make(PacketType::Event, data)));
    QCOMPARE(encodeMsgpack(make(PacketType::BinaryAck, data, "/", 1)),
             encodeMsgpack(make(PacketType::Ack, data, "/", 1)));
}

void tst_SioMsgpack::emptyNamespaceIsWrittenAsSlash()
{
    QCOMPARE(encodeMsgpack(make(PacketType::Disconnect, QVariant(), "")),
             encodeMsgpack(make(PacketType::Disconnect, QVariant(), "/")));
}

void tst_SioMsgpack::decoderRefusesTextFrames()
{
    Decoder decoder(Format::Msgpack);
    QCOMPARE(decoder.format(), Format::Msgpack);
    QCOMPARE(decoder.addText("40"), Decoder::Result::Error);
    QCOMPARE(decoder.errorString(), QStringLiteral("text frame under the msgpack parser"));
    QVERIFY(!decoder.isWaitingForAttachments());
}

void tst_SioMsgpack::decoderCarriesOnAfterAnError()
{
    Decoder decoder(Format::Msgpack);
    const Packet event = make(PacketType::Event, list({str("e"), bytes(2)}), "/", 5);
    QCOMPARE(decoder.addBinary(encodeMsgpack(event)), Decoder::Result::Complete);
    QCOMPARE(describe(decoder.takePacket()), describe(event));
    QCOMPARE(decoder.addBinary(QByteArray::fromHex("c1")), Decoder::Result::Error);
    QVERIFY(!decoder.errorString().isEmpty());
    QCOMPARE(decoder.addBinary(encodeMsgpack(event)), Decoder::Result::Complete);
    QVERIFY(decoder.errorString().isEmpty());
    QCOMPARE(describe(decoder.takePacket()), describe(event));
    QCOMPARE(describe(decoder.takePacket()), describe(Packet())); // taken once
}

void tst_SioMsgpack::decoderKeepsTheJsonFormatByDefault()
{
    Decoder decoder;
    QCOMPARE(decoder.format(), Format::Json);
    QCOMPARE(decoder.addText("2[\"e\"]"), Decoder::Result::Complete);
    QCOMPARE(decoder.addBinary(encodeMsgpack(make(PacketType::Disconnect))), Decoder::Result::Error);
}

void tst_SioMsgpack::depthWithinTheBoundIsAccepted()
{
    QByteArray data = "\x92\xa1\x65" + nestedArrays(100);
    QString error;
    const std::optional<Packet> packet =
            decodeMsgpack(map({{"type", mp(num(2))}, {"data", data}, {"nsp", Slash}}), &error);
    QVERIFY2(packet, qPrintable(error));
}

QTEST_APPLESS_MAIN(tst_SioMsgpack)

#include "tst_siomsgpack.moc"
