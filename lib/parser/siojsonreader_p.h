// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SIOJSONREADER_P_H
#define SOCKETIO_SIOJSONREADER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <SocketIo/socketio_global.h>

#include <QtCore/QByteArrayView>
#include <QtCore/QVariant>

#include <optional>

namespace SocketIo::Sio {

// Nesting of arrays and objects deeper than this is refused.
constexpr int MaxJsonDepth = 512;

// JSON.parse for one UTF-8 JSON text, straight into a QVariant tree:
// null -> nullptr, booleans -> bool, numbers -> qint64 when JavaScript holds
// them as exact integers and double otherwise, strings -> QString, arrays ->
// QVariantList, objects -> QVariantMap (the last of duplicate keys wins).
// Any top-level value is accepted, surrounded by JSON whitespace. Returns
// std::nullopt for anything JSON.parse would reject and for nesting deeper
// than MaxJsonDepth, and for ill-formed UTF-8 in strings.
SOCKETIO_EXPORT std::optional<QVariant> fromJson(QByteArrayView text);

// The QVariant a JSON number holds: qint64 when it is integral and within
// Number.MAX_SAFE_INTEGER, double otherwise.
QVariant numberToVariant(double number);

} // namespace SocketIo::Sio

#endif // SOCKETIO_SIOJSONREADER_P_H
