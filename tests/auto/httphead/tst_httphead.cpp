// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "httphead_p.h"

#include <QtTest/QtTest>

using SocketIo::Eio::HttpHead;

namespace {

// Builds a CRLF head from a request line and header lines, ending in the empty line.
QByteArray head(const QByteArray &requestLine, const QList<QByteArray> &headerLines = {})
{
    QByteArray out = requestLine + QByteArrayLiteral("\r\n");
    for (const QByteArray &line : headerLines)
        out += line + QByteArrayLiteral("\r\n");
    out += QByteArrayLiteral("\r\n");
    return out;
}

QByteArray get(const QList<QByteArray> &headerLines = {})
{
    return head(QByteArrayLiteral("GET /engine.io/?EIO=4&transport=polling HTTP/1.1"), headerLines);
}

QByteArray post(const QList<QByteArray> &headerLines)
{
    return head(QByteArrayLiteral("POST /engine.io/?EIO=4&transport=polling&sid=abc HTTP/1.1"), headerLines);
}

const QByteArray host = QByteArrayLiteral("Host: 127.0.0.1:3000");

} // namespace

class tst_HttpHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void headerValues_data();
    void headerValues();
    void headerListKeepsOrderAndDuplicates();
    void isWebSocketUpgrade_data();
    void isWebSocketUpgrade();
    void wantsClose_data();
    void wantsClose();
    void path_data();
    void path();
    void parseInvalid_data();
    void parseInvalid();
};

void tst_HttpHead::parseValid_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("minorVersion");
    QTest::addColumn<qint64>("contentLength");
    QTest::addColumn<bool>("chunked");

    QTest::newRow("GET with query") << head(
            QByteArrayLiteral("GET /engine.io/?EIO=4&transport=polling&t=OaB3x HTTP/1.1"),
            {host, QByteArrayLiteral("Accept: */*")})
                                    << QByteArrayLiteral("GET")
                                    << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&t=OaB3x")
                                    << QByteArrayLiteral("/engine.io/") << 1 << qint64(0) << false;
    QTest::newRow("GET without headers") << head(QByteArrayLiteral("GET / HTTP/1.1")) << QByteArrayLiteral("GET")
                                         << QByteArrayLiteral("/") << QByteArrayLiteral("/") << 1 << qint64(0) << false;
    QTest::newRow("POST with content-length")
            << post({host, QByteArrayLiteral("Content-Type: text/plain;charset=UTF-8"),
                     QByteArrayLiteral("Content-Length: 11")})
            << QByteArrayLiteral("POST") << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc")
            << QByteArrayLiteral("/engine.io/") << 1 << qint64(11) << false;
    QTest::newRow("content-length zero") << post({QByteArrayLiteral("Content-Length: 0")}) << QByteArrayLiteral("POST")
                                         << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc")
                                         << QByteArrayLiteral("/engine.io/") << 1 << qint64(0) << false;
    QTest::newRow("content-length lower-case name, padded value")
            << post({QByteArrayLiteral("content-length:   42  ")}) << QByteArrayLiteral("POST")
            << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc") << QByteArrayLiteral("/engine.io/") << 1
            << qint64(42) << false;
    QTest::newRow("content-length beyond 32 bits")
            << post({QByteArrayLiteral("Content-Length: 1000000000000")}) << QByteArrayLiteral("POST")
            << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc") << QByteArrayLiteral("/engine.io/") << 1
            << qint64(1000000000000) << false;
    QTest::newRow("repeated identical content-length")
            << post({QByteArrayLiteral("Content-Length: 5"), QByteArrayLiteral("CONTENT-LENGTH: 5")})
            << QByteArrayLiteral("POST") << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc")
            << QByteArrayLiteral("/engine.io/") << 1 << qint64(5) << false;
    QTest::newRow("chunked") << post({host, QByteArrayLiteral("Transfer-Encoding: chunked")})
                             << QByteArrayLiteral("POST")
                             << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc")
                             << QByteArrayLiteral("/engine.io/") << 1 << qint64(0) << true;
    QTest::newRow("chunked in a list, any case")
            << post({QByteArrayLiteral("transfer-encoding: gzip, Chunked")}) << QByteArrayLiteral("POST")
            << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling&sid=abc") << QByteArrayLiteral("/engine.io/") << 1
            << qint64(0) << true;
    QTest::newRow("HTTP/1.0") << head(QByteArrayLiteral("GET /socket.io/?EIO=3&transport=polling HTTP/1.0"), {host})
                              << QByteArrayLiteral("GET") << QByteArrayLiteral("/socket.io/?EIO=3&transport=polling")
                              << QByteArrayLiteral("/socket.io/") << 0 << qint64(0) << false;
    QTest::newRow("bare LF line endings")
            << QByteArrayLiteral("GET /a?b=c HTTP/1.1\nHost: x\nContent-Length: 3\n\n") << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/a?b=c") << QByteArrayLiteral("/a") << 1 << qint64(3) << false;
    QTest::newRow("OPTIONS with token characters")
            << head(QByteArrayLiteral("OPTIONS /x HTTP/1.1"), {QByteArrayLiteral("X-Weird!#$%&'*+-.^_`|~Name: v")})
            << QByteArrayLiteral("OPTIONS") << QByteArrayLiteral("/x") << QByteArrayLiteral("/x") << 1 << qint64(0)
            << false;
    QTest::newRow("extension method") << head(QByteArrayLiteral("M-SEARCH * HTTP/1.1")) << QByteArrayLiteral("M-SEARCH")
                                      << QByteArrayLiteral("*") << QByteArrayLiteral("*") << 1 << qint64(0) << false;
}

void tst_HttpHead::parseValid()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(int, minorVersion);
    QFETCH(qint64, contentLength);
    QFETCH(bool, chunked);

    const auto parsed = HttpHead::parse(raw);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->method, method);
    QCOMPARE(parsed->target, target);
    QCOMPARE(parsed->path(), path);
    QCOMPARE(parsed->minorVersion, minorVersion);
    QCOMPARE(parsed->contentLength, contentLength);
    QCOMPARE(parsed->chunked, chunked);
    for (const auto &header : parsed->headers) {
        QCOMPARE(header.first, header.first.toLower());
        QCOMPARE(header.second, header.second.trimmed());
    }
}

void tst_HttpHead::headerValues_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("host") << get({host}) << QByteArrayLiteral("host") << QByteArrayLiteral("127.0.0.1:3000");
    QTest::newRow("lookup uses the lower-case name") << get({host}) << QByteArrayLiteral("Host") << QByteArray();
    QTest::newRow("mixed-case name lower-cased") << get({QByteArrayLiteral("X-Custom-HEADER: v")})
                                                 << QByteArrayLiteral("x-custom-header") << QByteArrayLiteral("v");
    QTest::newRow("upper-case name lower-cased") << get({QByteArrayLiteral("ACCEPT-ENCODING: gzip")})
                                                 << QByteArrayLiteral("accept-encoding") << QByteArrayLiteral("gzip");
    QTest::newRow("value trimmed") << get({QByteArrayLiteral("X-Pad: \t  spaced  out \t ")})
                                   << QByteArrayLiteral("x-pad") << QByteArrayLiteral("spaced  out");
    QTest::newRow("no space after colon")
            << get({QByteArrayLiteral("X-A:b")}) << QByteArrayLiteral("x-a") << QByteArrayLiteral("b");
    QTest::newRow("empty value") << get({QByteArrayLiteral("X-Empty:"), host}) << QByteArrayLiteral("x-empty")
                                 << QByteArray();
    QTest::newRow("whitespace-only value")
            << get({QByteArrayLiteral("X-Blank:    ")}) << QByteArrayLiteral("x-blank") << QByteArray();
    QTest::newRow("value keeps inner tab and colon")
            << get({QByteArrayLiteral("X-Tab: a\tb:c")}) << QByteArrayLiteral("x-tab") << QByteArrayLiteral("a\tb:c");
    QTest::newRow("value keeps case") << get({QByteArrayLiteral("Cookie: io=AbC; Path=/")})
                                      << QByteArrayLiteral("cookie") << QByteArrayLiteral("io=AbC; Path=/");
    QTest::newRow("obs-text value") << get({QByteArrayLiteral("X-Utf8: caf\xc3\xa9")}) << QByteArrayLiteral("x-utf8")
                                    << QByteArrayLiteral("caf\xc3\xa9");
    QTest::newRow("first of duplicates") << get({QByteArrayLiteral("X-Dup: 1"), QByteArrayLiteral("x-dup: 2")})
                                         << QByteArrayLiteral("x-dup") << QByteArrayLiteral("1");
    QTest::newRow("missing header") << get({host}) << QByteArrayLiteral("origin") << QByteArray();
    QTest::newRow("bare LF endings") << QByteArrayLiteral("GET / HTTP/1.1\nOrigin: http://127.0.0.1\n\n")
                                     << QByteArrayLiteral("origin") << QByteArrayLiteral("http://127.0.0.1");
}

void tst_HttpHead::headerValues()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    const auto parsed = HttpHead::parse(raw);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->value(name), value);
}

void tst_HttpHead::headerListKeepsOrderAndDuplicates()
{
    const auto parsed = HttpHead::parse(get({
            QByteArrayLiteral("Host: 127.0.0.1"),
            QByteArrayLiteral("X-Dup: one"),
            QByteArrayLiteral("Accept:  */*  "),
            QByteArrayLiteral("X-DUP: two"),
    }));
    QVERIFY(parsed.has_value());
    const QList<QPair<QByteArray, QByteArray>> expected{
            {QByteArrayLiteral("host"), QByteArrayLiteral("127.0.0.1")},
            {QByteArrayLiteral("x-dup"), QByteArrayLiteral("one")},
            {QByteArrayLiteral("accept"), QByteArrayLiteral("*/*")},
            {QByteArrayLiteral("x-dup"), QByteArrayLiteral("two")},
    };
    QCOMPARE(parsed->headers.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(parsed->headers.at(i).first, expected.at(i).first);
        QCOMPARE(parsed->headers.at(i).second, expected.at(i).second);
    }
}

void tst_HttpHead::isWebSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("upgrade");

    const QByteArray wsLine = QByteArrayLiteral("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1");
    const QByteArray key = QByteArrayLiteral("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    const QByteArray version = QByteArrayLiteral("Sec-WebSocket-Version: 13");

    QTest::newRow("standard") << head(
            wsLine,
            {host, QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: Upgrade"), key, version})
                              << true;
    QTest::newRow("upgrade value case-insensitive")
            << head(wsLine, {QByteArrayLiteral("Upgrade: WebSocket"), QByteArrayLiteral("Connection: upgrade")})
            << true;
    QTest::newRow("header names and values upper case")
            << head(wsLine, {QByteArrayLiteral("UPGRADE: WEBSOCKET"), QByteArrayLiteral("CONNECTION: UPGRADE")})
            << true;
    QTest::newRow("connection keep-alive, Upgrade") << head(
            wsLine, {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: keep-alive, Upgrade")})
                                                    << true;
    QTest::newRow("connection list without spaces") << head(
            wsLine, {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: keep-alive,upgrade")})
                                                    << true;
    QTest::newRow("HTTP/1.0 upgrade") << head(
            QByteArrayLiteral("GET /engine.io/ HTTP/1.0"),
            {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: Upgrade")})
                                      << true;

    QTest::newRow("no upgrade headers") << get({host}) << false;
    QTest::newRow("upgrade without connection") << head(wsLine, {QByteArrayLiteral("Upgrade: websocket")}) << false;
    QTest::newRow("connection upgrade without upgrade header")
            << head(wsLine, {QByteArrayLiteral("Connection: Upgrade")}) << false;
    QTest::newRow("connection keep-alive only")
            << head(wsLine, {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: keep-alive")})
            << false;
    QTest::newRow("connection token is not a substring match")
            << head(wsLine, {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: upgraded")})
            << false;
    QTest::newRow("other protocol h2c") << head(
            wsLine, {QByteArrayLiteral("Upgrade: h2c"), QByteArrayLiteral("Connection: Upgrade")})
                                        << false;
    QTest::newRow("upgrade value with suffix")
            << head(wsLine, {QByteArrayLiteral("Upgrade: websocket2"), QByteArrayLiteral("Connection: Upgrade")})
            << false;
    QTest::newRow("POST is not an upgrade")
            << head(QByteArrayLiteral("POST /engine.io/ HTTP/1.1"),
                    {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: Upgrade")})
            << false;
    QTest::newRow("lower-case get is not GET")
            << head(QByteArrayLiteral("get /engine.io/ HTTP/1.1"),
                    {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: Upgrade")})
            << false;
}

void tst_HttpHead::isWebSocketUpgrade()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, upgrade);

    const auto parsed = HttpHead::parse(raw);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->isWebSocketUpgrade(), upgrade);
}

void tst_HttpHead::wantsClose_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("close");

    const QByteArray v11 = QByteArrayLiteral("GET / HTTP/1.1");
    const QByteArray v10 = QByteArrayLiteral("GET / HTTP/1.0");

    QTest::newRow("1.1 default keeps alive") << head(v11, {host}) << false;
    QTest::newRow("1.1 Connection: close") << head(v11, {QByteArrayLiteral("Connection: close")}) << true;
    QTest::newRow("1.1 Connection: Close") << head(v11, {QByteArrayLiteral("connection: Close")}) << true;
    QTest::newRow("1.1 Connection: keep-alive") << head(v11, {QByteArrayLiteral("Connection: keep-alive")}) << false;
    QTest::newRow("1.1 close in a list") << head(v11, {QByteArrayLiteral("Connection: keep-alive, close")}) << true;
    QTest::newRow("1.1 closed is not close") << head(v11, {QByteArrayLiteral("Connection: closed")}) << false;
    QTest::newRow("1.1 upgrade") << head(v11, {QByteArrayLiteral("Connection: Upgrade")}) << false;
    QTest::newRow("1.0 default closes") << head(v10, {host}) << true;
    QTest::newRow("1.0 keep-alive") << head(v10, {QByteArrayLiteral("Connection: keep-alive")}) << false;
    QTest::newRow("1.0 Keep-Alive case-insensitive")
            << head(v10, {QByteArrayLiteral("Connection: Keep-Alive")}) << false;
    QTest::newRow("1.0 close") << head(v10, {QByteArrayLiteral("Connection: close")}) << true;
    QTest::newRow("1.0 keep-alive and close")
            << head(v10, {QByteArrayLiteral("Connection: keep-alive, close")}) << true;
}

void tst_HttpHead::wantsClose()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, close);

    const auto parsed = HttpHead::parse(raw);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->wantsClose(), close);
}

void tst_HttpHead::path_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");

    QTest::newRow("root") << QByteArrayLiteral("/") << QByteArrayLiteral("/");
    QTest::newRow("no query") << QByteArrayLiteral("/socket.io/") << QByteArrayLiteral("/socket.io/");
    QTest::newRow("query") << QByteArrayLiteral("/engine.io/?EIO=4&transport=polling")
                           << QByteArrayLiteral("/engine.io/");
    QTest::newRow("empty query") << QByteArrayLiteral("/a?") << QByteArrayLiteral("/a");
    QTest::newRow("second question mark") << QByteArrayLiteral("/a?b?c") << QByteArrayLiteral("/a");
    QTest::newRow("query only") << QByteArrayLiteral("?x=1") << QByteArray();
    QTest::newRow("asterisk") << QByteArrayLiteral("*") << QByteArrayLiteral("*");
}

void tst_HttpHead::path()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);

    HttpHead direct;
    direct.target = target;
    QCOMPARE(direct.path(), path);

    const auto parsed = HttpHead::parse(head("GET " + target + " HTTP/1.1"));
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->target, target);
    QCOMPARE(parsed->path(), path);
}

void tst_HttpHead::parseInvalid_data()
{
    QTest::addColumn<QByteArray>("raw");

    // Request line
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only CRLF") << QByteArrayLiteral("\r\n");
    QTest::newRow("no line break") << QByteArrayLiteral("GET / HTTP/1.1");
    QTest::newRow("one part") << head(QByteArrayLiteral("GET"));
    QTest::newRow("two parts") << head(QByteArrayLiteral("GET /"));
    QTest::newRow("two parts, no target") << head(QByteArrayLiteral("GET HTTP/1.1"));
    QTest::newRow("four parts") << head(QByteArrayLiteral("GET / extra HTTP/1.1"));
    QTest::newRow("space in target") << head(QByteArrayLiteral("GET /a b HTTP/1.1"));
    QTest::newRow("double space") << head(QByteArrayLiteral("GET  / HTTP/1.1"));
    QTest::newRow("leading space") << head(QByteArrayLiteral(" GET / HTTP/1.1"));
    QTest::newRow("trailing space") << head(QByteArrayLiteral("GET / HTTP/1.1 "));
    QTest::newRow("tab separator") << head(QByteArrayLiteral("GET\t/\tHTTP/1.1"));
    QTest::newRow("HTTP/2.0") << head(QByteArrayLiteral("GET / HTTP/2.0"));
    QTest::newRow("HTTP/2") << head(QByteArrayLiteral("GET / HTTP/2"));
    QTest::newRow("HTTP/1.2") << head(QByteArrayLiteral("GET / HTTP/1.2"));
    QTest::newRow("HTTP/0.9") << head(QByteArrayLiteral("GET / HTTP/0.9"));
    QTest::newRow("HTTP/1") << head(QByteArrayLiteral("GET / HTTP/1"));
    QTest::newRow("lower-case http") << head(QByteArrayLiteral("GET / http/1.1"));
    QTest::newRow("version suffix") << head(QByteArrayLiteral("GET / HTTP/1.1x"));
    QTest::newRow("not http") << head(QByteArrayLiteral("GET / RTSP/1.0"));
    QTest::newRow("bad method char") << head(QByteArrayLiteral("GE(T / HTTP/1.1"));
    QTest::newRow("method with colon") << head(QByteArrayLiteral("GET: / HTTP/1.1"));
    QTest::newRow("non-ascii method") << head(QByteArrayLiteral("G\xc3\x89T / HTTP/1.1"));
    QTest::newRow("control char in target") << head(QByteArrayLiteral("GET /a\x01"
                                                                      "b HTTP/1.1"));
    QTest::newRow("NUL in target") << head(QByteArrayLiteral("GET /a\0b HTTP/1.1"));
    QTest::newRow("DEL in target") << head(QByteArrayLiteral("GET /a\x7f HTTP/1.1"));
    QTest::newRow("CR in target") << head(QByteArrayLiteral("GET /a\rb HTTP/1.1"));
    QTest::newRow("TLS client hello") << QByteArrayLiteral("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n");

    // Header lines
    QTest::newRow("header without colon") << get({QByteArrayLiteral("Host 127.0.0.1")});
    QTest::newRow("header with empty name") << get({QByteArrayLiteral(": value")});
    QTest::newRow("space before colon") << get({QByteArrayLiteral("Host : 127.0.0.1")});
    QTest::newRow("space in header name") << get({QByteArrayLiteral("X Custom: y")});
    QTest::newRow("tab before colon") << get({QByteArrayLiteral("Host\t: 127.0.0.1")});
    QTest::newRow("obs-fold continuation line")
            << get({QByteArrayLiteral("X-Long: part one"), QByteArrayLiteral(" part two")});
    QTest::newRow("tab continuation line")
            << get({QByteArrayLiteral("X-Long: part one"), QByteArrayLiteral("\tpart two")});
    QTest::newRow("non-ascii header name") << get({QByteArrayLiteral("X-Caf\xc3\xa9: v")});
    QTest::newRow("separator char in header name") << get({QByteArrayLiteral("X(y): v")});
    QTest::newRow("control char in header value") << get({QByteArrayLiteral("X-A: a\x01"
                                                                            "b")});
    QTest::newRow("NUL in header value") << get({QByteArrayLiteral("X-A: a\0b")});
    QTest::newRow("DEL in header value") << get({QByteArrayLiteral("X-A: a\x7f"
                                                                   "b")});
    QTest::newRow("bare CR in header value") << get({QByteArrayLiteral("X-A: a\rb")});
    QTest::newRow("ESC in header value") << get({QByteArrayLiteral("X-A: \x1b[31m")});

    // Content-Length and Transfer-Encoding
    QTest::newRow("negative content-length") << post({QByteArrayLiteral("Content-Length: -1")});
    QTest::newRow("non-numeric content-length") << post({QByteArrayLiteral("Content-Length: abc")});
    QTest::newRow("empty content-length") << post({QByteArrayLiteral("Content-Length:")});
    QTest::newRow("fractional content-length") << post({QByteArrayLiteral("Content-Length: 1.5")});
    QTest::newRow("hex content-length") << post({QByteArrayLiteral("Content-Length: 0x10")});
    QTest::newRow("exponent content-length") << post({QByteArrayLiteral("Content-Length: 1e3")});
    QTest::newRow("two numbers in content-length") << post({QByteArrayLiteral("Content-Length: 5 5")});
    QTest::newRow("comma list in content-length") << post({QByteArrayLiteral("Content-Length: 5, 6")});
    QTest::newRow("overflowing content-length") << post({QByteArrayLiteral("Content-Length: 99999999999999999999")});
    QTest::newRow("conflicting content-length")
            << post({QByteArrayLiteral("Content-Length: 5"), QByteArrayLiteral("Content-Length: 6")});
    QTest::newRow("conflicting content-length, different case")
            << post({QByteArrayLiteral("content-length: 0"), QByteArrayLiteral("CONTENT-LENGTH: 10")});
    QTest::newRow("content-length with plus sign") << post({QByteArrayLiteral("Content-Length: +5")});
    QTest::newRow("content-length minus zero") << post({QByteArrayLiteral("Content-Length: -0")});
    QTest::newRow("content-length then chunked")
            << post({QByteArrayLiteral("Content-Length: 5"), QByteArrayLiteral("Transfer-Encoding: chunked")});
    QTest::newRow("chunked then content-length")
            << post({QByteArrayLiteral("Transfer-Encoding: chunked"), QByteArrayLiteral("Content-Length: 5")});
    QTest::newRow("chunked in list with content-length")
            << post({QByteArrayLiteral("Transfer-Encoding: gzip, chunked"), QByteArrayLiteral("Content-Length: 0")});
    QTest::newRow("chunked overridden by a later transfer-encoding, with content-length")
            << post({QByteArrayLiteral("Transfer-Encoding: chunked"), QByteArrayLiteral("Transfer-Encoding: identity"),
                     QByteArrayLiteral("Content-Length: 5")});
    QTest::newRow("non-chunked transfer-encoding with content-length")
            << post({QByteArrayLiteral("Transfer-Encoding: gzip"), QByteArrayLiteral("Content-Length: 5")});
}

void tst_HttpHead::parseInvalid()
{
    QFETCH(QByteArray, raw);

    const auto parsed = HttpHead::parse(raw);
    QVERIFY2(!parsed.has_value(),
             parsed ? QByteArray("accepted: contentLength=" + QByteArray::number(parsed->contentLength)
                                 + " chunked=" + (parsed->chunked ? "true" : "false"))
                              .constData()
                    : "");
}

QTEST_APPLESS_MAIN(tst_HttpHead)

#include "tst_httphead.moc"
