// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    property string host: "127.0.0.1"
    property int port: 3000
    // The address clients use, once listening (main.cpp prints it).
    readonly property string url: server.listening ? "http://" + server.host + ":" + server.port + "/" : ""
    readonly property string errorString: server.errorString

    width: 480
    height: 360
    visible: true
    title: "QML chat server"

    ChatServer {
        id: server
        host: window.host
        port: window.port
        onLogged: (line) => log.append({ line: Qt.formatTime(new Date(), "hh:mm:ss") + "  " + line })
    }

    ListModel { id: log }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        Label {
            text: server.listening ? "Listening on " + window.url + " · " + server.socketCount + " connected"
                                   : "Not listening: " + server.errorString
            font.bold: true
        }
        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: log
            delegate: Label { required property string line; text: line }
        }
    }
}
