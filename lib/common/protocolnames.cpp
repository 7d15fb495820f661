// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "protocolnames_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStringList>

namespace SocketIo {

bool isReservedEventName(const QString &event)
{
    static const QStringList reserved = {
            QStringLiteral("connect"),       QStringLiteral("connect_error"), QStringLiteral("disconnect"),
            QStringLiteral("disconnecting"), QStringLiteral("newListener"),   QStringLiteral("removeListener"),
    };
    return reserved.contains(event);
}

QString randomId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), 15);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

} // namespace SocketIo
