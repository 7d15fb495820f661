// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include <QtQuickTest/quicktest.h>

QUICK_TEST_MAIN(qml)
