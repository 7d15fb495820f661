// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "clientack_p.h"

namespace SocketIo {

Ack ClientAckFactory::create(std::function<void(const QVariantList &)> sender, qint64 id)
{
    return Ack(std::move(sender), id);
}

} // namespace SocketIo
