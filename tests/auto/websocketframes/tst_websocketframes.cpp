// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// WebSocketFrameReader against RFC 6455: every length encoding, fragments with control frames
// between them, bytes arriving one at a time, and each violation with its close code.

#include "websocketframes_p.h"

#include <QtTest/QtTest>

using SocketIo::Eio::WebSocketFrameReader;
namespace Frames = SocketIo::Eio::WebSocketFrames;
using Kind = WebSocketFrameReader::Kind;

Q_DECLARE_METATYPE(Kind)

namespace {

struct FrameSpec
{
    quint8 opcode = Frames::Text;
    bool fin = true;
    bool masked = true;
    quint8 rsv = 0;
};

// A frame as a client sends it: masked with a fixed key unless told otherwise.
QByteArray clientFrame(QByteArrayView payload, FrameSpec spec = {})
{
    QByteArray out;
    out.append(char((spec.fin ? 0x80 : 0) | (spec.rsv << 4) | spec.opcode));
    const char maskBit = spec.masked ? char(0x80) : char(0);
    const qint64 length = payload.size();
    if (length < 126) {
        out.append(char(maskBit | char(length)));
    } else if (length <= 0xffff) {
        out.append(char(maskBit | 126));
        out.append(char(length >> 8));
        out.append(char(length & 0xff));
    } else {
        out.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((length >> shift) & 0xff));
    }
    const uchar key[4] = {0x37, 0xfa, 0x21, 0x3d};
    if (spec.masked)
        out.append(reinterpret_cast<const char *>(key), 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(spec.masked ? char(payload[i] ^ key[i % 4]) : payload[i]);
    return out;
}

QByteArray closePayload(quint16 code, QByteArrayView reason = {})
{
    QByteArray out;
    out.append(char(code >> 8));
    out.append(char(code & 0xff));
    out.append(reason);
    return out;
}

struct Seen
{
    Kind kind;
    QByteArray payload;
    quint16 code;
};

QList<Seen> drain(WebSocketFrameReader &reader)
{
    QList<Seen> out;
    for (;;) {
        const auto item = reader.next();
        if (item.kind == Kind::Incomplete)
            return out;
        out.append({item.kind, item.payload.toByteArray(), item.closeCode});
    }
}

} // namespace

class tst_WebSocketFrames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lengths_data();
    void lengths();
    void byteByByte();
    void fragmentsWithControlFramesBetween();
    void binaryNeedNotBeText();
    void closeFrames();
    void violations_data();
    void violations();
    void oversizedIsRefusedBeforeItsPayload();
    void nothingAfterAnError();
    void writer();
};

void tst_WebSocketFrames::lengths_data()
{
    QTest::addColumn<int>("size");
    for (int size : {0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536, 200000})
        QTest::addRow("%d bytes", size) << size;
}

// The 7-bit, 16-bit and 64-bit length forms, and unmasking of every alignment.
void tst_WebSocketFrames::lengths()
{
    QFETCH(int, size);
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char('a' + i % 26);
    WebSocketFrameReader reader(1 << 20);
    reader.append(clientFrame(payload) + clientFrame("tail"));
    const QList<Seen> seen = drain(reader);
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[0].kind, Kind::Text);
    QCOMPARE(seen[0].payload, payload);
    QCOMPARE(seen[1].payload, QByteArray("tail"));
    QCOMPARE(reader.buffered(), 0);
}

void tst_WebSocketFrames::byteByByte()
{
    const QByteArray text = QByteArray("4hello \xc3\xa9t\xc3\xa9 ") + QByteArray(300, 'x');
    const QByteArray wire = clientFrame(text) + clientFrame("ping-data", {Frames::Ping})
            + clientFrame(QByteArray("\x00\xff", 2), {Frames::Binary});
    WebSocketFrameReader reader(1 << 20);
    QList<Seen> seen;
    for (char byte : wire) {
        reader.append(QByteArray(1, byte));
        seen += drain(reader);
    }
    QCOMPARE(seen.size(), 3);
    QCOMPARE(seen[0].kind, Kind::Text);
    QCOMPARE(seen[0].payload, text);
    QCOMPARE(seen[1].kind, Kind::Ping);
    QCOMPARE(seen[1].payload, QByteArray("ping-data"));
    QCOMPARE(seen[2].kind, Kind::Binary);
    QCOMPARE(seen[2].payload, QByteArray("\x00\xff", 2));
    QCOMPARE(reader.buffered(), 0);
}

// A control frame may come between the fragments of a message (RFC 6455, 5.4); a multi-byte
// character may be split between fragments.
void tst_WebSocketFrames::fragmentsWithControlFramesBetween()
{
    WebSocketFrameReader reader(1 << 20);
    reader.append(clientFrame("4caf\xc3", {Frames::Text, false}));
    reader.append(clientFrame("p1", {Frames::Ping}));
    reader.append(clientFrame("\xa9 ", {Frames::Continuation, false}));
    reader.append(clientFrame("", {Frames::Pong}));
    reader.append(clientFrame("au lait", {Frames::Continuation, true}));
    const QList<Seen> seen = drain(reader);
    QCOMPARE(seen.size(), 3);
    QCOMPARE(seen[0].kind, Kind::Ping);
    QCOMPARE(seen[0].payload, QByteArray("p1"));
    QCOMPARE(seen[1].kind, Kind::Pong);
    QCOMPARE(seen[2].kind, Kind::Text);
    QCOMPARE(seen[2].payload, QByteArray("4caf\xc3\xa9 au lait"));
    QCOMPARE(reader.buffered(), 0);
}

void tst_WebSocketFrames::binaryNeedNotBeText()
{
    WebSocketFrameReader reader(100);
    const QByteArray bytes("\xff\xfe\x00\xc3", 4);
    reader.append(clientFrame(bytes.first(2), {Frames::Binary, false}));
    reader.append(clientFrame(bytes.sliced(2), {Frames::Continuation}));
    const QList<Seen> seen = drain(reader);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen[0].kind, Kind::Binary);
    QCOMPARE(seen[0].payload, bytes);
}

void tst_WebSocketFrames::closeFrames()
{
    {
        WebSocketFrameReader reader(100);
        reader.append(clientFrame(closePayload(4000, "bye"), {Frames::Close}) + clientFrame("after the close"));
        const QList<Seen> seen = drain(reader);
        QCOMPARE(seen.size(), 1); // nothing is read after a close frame
        QCOMPARE(seen[0].kind, Kind::Close);
        QCOMPARE(seen[0].code, quint16(4000));
        QCOMPARE(seen[0].payload, QByteArray("bye"));
    }
    {
        WebSocketFrameReader reader(100);
        reader.append(clientFrame("", {Frames::Close}));
        const QList<Seen> seen = drain(reader);
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen[0].code, quint16(Frames::NoStatus));
        QVERIFY(seen[0].payload.isEmpty());
    }
}

void tst_WebSocketFrames::violations_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("code");

    const int protocol = Frames::ProtocolError;
    QTest::newRow("unmasked") << clientFrame("4x", {Frames::Text, true, false}) << protocol;
    QTest::newRow("reserved bit") << clientFrame("4x", {Frames::Text, true, true, 4}) << protocol;
    QTest::newRow("opcode 3") << clientFrame("4x", {3}) << protocol;
    QTest::newRow("opcode 0xb") << clientFrame("", {0xb}) << protocol;
    QTest::newRow("fragmented ping") << clientFrame("x", {Frames::Ping, false}) << protocol;
    QTest::newRow("ping of 126 bytes") << clientFrame(QByteArray(126, 'p'), {Frames::Ping}) << protocol;
    QTest::newRow("continuation first") << clientFrame("x", {Frames::Continuation}) << protocol;
    QTest::newRow("text inside a fragmented message")
            << clientFrame("4a", {Frames::Text, false}) + clientFrame("4b") << protocol;
    QTest::newRow("close of one byte") << clientFrame("\x03", {Frames::Close}) << protocol;
    QTest::newRow("close code 1005") << clientFrame(closePayload(1005), {Frames::Close}) << protocol;
    QTest::newRow("close code 999") << clientFrame(closePayload(999), {Frames::Close}) << protocol;
    QTest::newRow("close code 2000") << clientFrame(closePayload(2000), {Frames::Close}) << protocol;
    QByteArray huge("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x01", 10);
    QTest::newRow("length with the top bit set") << huge << protocol;

    const int invalid = Frames::InvalidPayload;
    QTest::newRow("text not UTF-8") << clientFrame("4\xff") << invalid;
    QTest::newRow("text with a lone surrogate") << clientFrame("4\xed\xa0\x80") << invalid;
    QTest::newRow("fragmented text not UTF-8")
            << clientFrame("4\xc3", {Frames::Text, false}) + clientFrame("(", {Frames::Continuation}) << invalid;
    QTest::newRow("close reason not UTF-8") << clientFrame(closePayload(1000, "\xc0\xaf"), {Frames::Close}) << invalid;

    QTest::newRow("message over the limit") << clientFrame(QByteArray(101, 'm')) << int(Frames::MessageTooBig);
    QTest::newRow("fragments over the limit") << clientFrame(QByteArray(60, 'm'), {Frames::Text, false})
                    + clientFrame(QByteArray(41, 'm'), {Frames::Continuation})
                                              << int(Frames::MessageTooBig);
}

void tst_WebSocketFrames::violations()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, code);
    WebSocketFrameReader reader(100);
    reader.append(wire);
    const QList<Seen> seen = drain(reader);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen[0].kind, Kind::Error);
    QCOMPARE(int(seen[0].code), code);
}

// A length of a gigabyte is refused from the header alone: nothing waits for its payload.
void tst_WebSocketFrames::oversizedIsRefusedBeforeItsPayload()
{
    WebSocketFrameReader reader(1000000);
    QByteArray header("\x82\xff", 2);
    for (int shift = 56; shift >= 0; shift -= 8)
        header.append(char((qint64(1) << 30 >> shift) & 0xff));
    reader.append(header);
    const auto item = reader.next();
    QCOMPARE(item.kind, Kind::Error);
    QCOMPARE(item.closeCode, quint16(Frames::MessageTooBig));
    QVERIFY(item.error);
}

void tst_WebSocketFrames::nothingAfterAnError()
{
    WebSocketFrameReader reader(100);
    reader.append(clientFrame("4x", {Frames::Text, true, false}) + clientFrame("4fine"));
    QCOMPARE(reader.next().kind, Kind::Error);
    QCOMPARE(reader.next().kind, Kind::Incomplete);
    reader.append(clientFrame("4more"));
    QCOMPARE(reader.next().kind, Kind::Incomplete);
}

void tst_WebSocketFrames::writer()
{
    QByteArray out;
    Frames::appendHeader(out, Frames::Text, 5);
    QCOMPARE(out, QByteArray("\x81\x05"));
    out.clear();
    Frames::appendHeader(out, Frames::Binary, 126);
    QCOMPARE(out, QByteArray("\x82\x7e\x00\x7e", 4));
    out.clear();
    Frames::appendHeader(out, Frames::Text, 65536);
    QCOMPARE(out, QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));

    QCOMPARE(Frames::closeFrame(0), QByteArray("\x88\x00", 2));
    QCOMPARE(Frames::closeFrame(1009, "too big"), QByteArray("\x88\x09\x03\xf1too big"));
    QCOMPARE(Frames::closeFrame(1002, QByteArray(200, 'r')).size(), 2 + 125);

    QVERIFY(Frames::isValidCloseCode(1000));
    QVERIFY(Frames::isValidCloseCode(1011));
    QVERIFY(Frames::isValidCloseCode(4999));
    QVERIFY(!Frames::isValidCloseCode(1004));
    QVERIFY(!Frames::isValidCloseCode(1006));
    QVERIFY(!Frames::isValidCloseCode(1015));
    QVERIFY(!Frames::isValidCloseCode(5000));
}

QTEST_GUILESS_MAIN(tst_WebSocketFrames)
#include "tst_websocketframes.moc"
