// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "httphead_p.h"

namespace SocketIo::Eio {

namespace {

bool isTokenChar(char c)
{
    if (c >= 'a' && c <= 'z')
        return true;
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c >= '0' && c <= '9')
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

bool hasControlChars(QByteArrayView s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

bool listContains(QByteArrayView list, QByteArrayView token)
{
    for (auto part : QByteArray(list.toByteArray()).split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpHead::value(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (header.first == name)
            return header.second;
    }
    return {};
}

QByteArray HttpHead::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

bool HttpHead::isWebSocketUpgrade() const
{
    return method == "GET" && asksForWebSocket();
}

bool HttpHead::asksForWebSocket() const
{
    return value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0
            && listContains(value("connection"), "upgrade");
}

bool HttpHead::wantsClose() const
{
    const QByteArray connection = value("connection");
    if (listContains(connection, "close"))
        return true;
    return minorVersion == 0 && !listContains(connection, "keep-alive");
}

std::optional<HttpHead> HttpHead::parse(QByteArrayView bytes)
{
    HttpHead head;
    const QList<QByteArray> lines = bytes.toByteArray().split('\n');
    if (lines.size() < 2)
        return std::nullopt;
    // Request line: METHOD SP target SP HTTP/1.x
    const QByteArray requestLine = lines.first().chopped(lines.first().endsWith('\r') ? 1 : 0);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty() || hasControlChars(parts[1]))
        return std::nullopt;
    if (parts[2] == "HTTP/1.1")
        head.minorVersion = 1;
    else if (parts[2] == "HTTP/1.0")
        head.minorVersion = 0;
    else
        return std::nullopt;
    head.method = parts[0];
    head.target = parts[1];
    bool sawLength = false;
    QByteArrayList codings; // every Transfer-Encoding coding, in order
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return std::nullopt;
        QByteArray name = line.left(colon).toLower();
        QByteArray value = line.mid(colon + 1).trimmed();
        if (hasControlChars(value))
            return std::nullopt;
        if (name == "content-length") {
            // Digits only: no sign, no spaces, no empty value.
            const bool digits = !value.isEmpty() && value.size() <= 15
                    && std::all_of(value.cbegin(), value.cend(), [](char c) { return c >= '0' && c <= '9'; });
            const qint64 length = digits ? value.toLongLong() : -1;
            if (!digits || (sawLength && length != head.contentLength))
                return std::nullopt;
            head.contentLength = length;
            sawLength = true;
        } else if (name == "transfer-encoding") {
            for (const QByteArray &coding : value.split(','))
                codings.append(coding.trimmed().toLower());
        }
        head.headers.append({std::move(name), std::move(value)});
    }
    if (!codings.isEmpty()) {
        // chunked must be the final coding, and a body is framed one way only.
        if (codings.constLast() != "chunked" || sawLength)
            return std::nullopt; // request smuggling guard
        head.chunked = true;
    }
    return head;
}

} // namespace SocketIo::Eio
