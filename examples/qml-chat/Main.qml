// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

import QtQuick
import QtQuick.Controls

ApplicationWindow {
    id: window
    property url serverUrl: "http://127.0.0.1:3000"
    property string nickname: ""

    width: 560
    height: 640
    visible: true
    title: chat.nickname ? "#" + chat.room + " · " + chat.nickname + " · QML chat" : "QML chat"

    ChatView {
        id: chat
        anchors.fill: parent
        serverUrl: window.serverUrl
        initialNickname: window.nickname
    }
}
