// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SIOJSON_P_H
#define SOCKETIO_SIOJSON_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QVariant>

namespace SocketIo::Sio {

// JSON text for a QVariant tree, written as JSON.stringify would write it.
QByteArray toJson(const QVariant &value);

// Appends the JSON text of value to out. With attachments, every QByteArray
// becomes {"_placeholder":true,"num":i} and is appended to *attachments;
// without, it is written as Node writes a Buffer.
void appendJson(QByteArray &out, const QVariant &value, QList<QByteArray> *attachments);

// A finite or non-finite double as JavaScript's Number::toString writes it
// ("null" for NaN and the infinities, as JSON.stringify does).
void appendJsonNumber(QByteArray &out, double value);

} // namespace SocketIo::Sio

#endif // SOCKETIO_SIOJSON_P_H
