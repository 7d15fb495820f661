// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The JSON reader (JSON.parse into QVariant). Whatever it accepts must serialize with the
// library's writer into JSON that it accepts again and that serializes the same way.

#include "siojson_p.h"
#include "siojsonreader_p.h"

#include <cstddef>
#include <cstdint>

using namespace SocketIo::Sio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<QVariant> value = fromJson(text);
    if (!value)
        return 0;
    const QByteArray json = toJson(*value);
    const std::optional<QVariant> again = fromJson(json);
    if (!again || toJson(*again) != json)
        __builtin_trap();
    return 0;
}
