// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKETWRITE_P_H
#define SOCKETIO_SOCKETWRITE_P_H

#include <QtCore/QByteArrayView>
#include <QtCore/QVarLengthArray>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

using WriteChunks = QVarLengthArray<QByteArrayView, 8>;

// Whether writeChunks() may write to the socket's descriptor itself: a plain
// (not TLS) TCP socket on Linux. Decided once per socket.
bool canWriteDirectly(const QTcpSocket *socket);

// Writes chunks to a TCP socket. With direct set (see canWriteDirectly()) and
// nothing queued in the socket, they go straight to the kernel in one sendmsg()
// call, so the common case never arms the socket's write notifier (with a
// thousand sockets, arming and disarming it per write costs more than the
// write); whatever the kernel does not take is queued in the QTcpSocket as
// usual. Otherwise QTcpSocket::write(). Returns the bytes accepted.
// TcpSocket (tcpserver_p.h) also writes directly, for everything else that
// writes to a socket (HTTP responses, the WebSocket handshake); this path stays
// for the transport's frames because it reports no bytesWritten(): announcing
// each flush would post an event per client per broadcast.
qint64 writeChunks(QTcpSocket *socket, bool direct, const WriteChunks &chunks);

#ifdef Q_OS_LINUX
// Sends chunks on a descriptor with sendmsg() (64 at a time) as long as the kernel takes all of
// each batch. Returns the bytes taken, or -1 when the connection failed before any was taken.
qint64 sendChunks(int fd, const WriteChunks &chunks);
#endif

} // namespace SocketIo::Eio

#endif // SOCKETIO_SOCKETWRITE_P_H
