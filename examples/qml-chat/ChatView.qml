// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// The chat client: pick a nickname, then talk in rooms. It speaks the protocol
// of examples/chat (see its main.cpp): "set nickname", "chat message",
// "join room", "leave room", "private message", "typing", "stop typing".

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import SocketIo

Item {
    id: view

    property url serverUrl
    property string initialNickname
    property string nickname: ""
    property string room: "lobby"
    property string error: ""
    property var typers: []
    readonly property alias client: client
    readonly property alias messages: messageModel
    readonly property int ackTimeout: 5000

    function timeOf(ms) {
        return Qt.formatTime(new Date(typeof ms === "number" ? ms : Date.now()), "hh:mm")
    }

    function addMessage(kind, from, text, time) {
        messageModel.append({ kind: kind, from: from, body: text, time: timeOf(time) })
        messageList.positionViewAtEnd()
    }

    function addNotice(text) {
        addMessage("notice", "", text, Date.now())
    }

    function setNickname(name) {
        const wanted = name.trim()
        if (!wanted)
            return
        client.timeout(ackTimeout).emitEvent("set nickname", wanted, (err, reply) => {
            if (err) {
                view.error = "The server did not answer."
            } else if (!reply.ok) {
                view.error = reply.error === "taken" ? "“" + wanted + "” is taken." : "Pick another nickname."
            } else {
                view.error = ""
                view.nickname = reply.nickname
                view.room = reply.room
                addNotice("You are " + reply.nickname + ", in #" + reply.room + ".")
            }
        })
    }

    // "/join room", "/leave", "/msg nick text" or a message for the room.
    function send(text) {
        const line = text.trim()
        if (!line)
            return
        const words = line.split(/\s+/)
        if (words[0] === "/join" && words.length > 1) {
            client.timeout(ackTimeout).emitEvent("join room", words[1], (err, reply) => {
                if (!err && reply.ok) {
                    view.room = reply.room
                    addNotice("You joined #" + reply.room + ".")
                } else {
                    addNotice("Cannot join " + words[1] + ".")
                }
            })
        } else if (words[0] === "/leave") {
            client.timeout(ackTimeout).emitEvent("leave room", (err, reply) => {
                if (!err && reply.ok) {
                    view.room = reply.room
                    addNotice("Back in #" + reply.room + ".")
                }
            })
        } else if (words[0] === "/msg" && words.length > 2) {
            const to = words[1]
            const message = line.slice(line.indexOf(to) + to.length).trim()
            client.timeout(ackTimeout).emitEvent("private message", { to: to, text: message }, (err, reply) => {
                if (!err && reply.delivered)
                    addMessage("private", "to " + to, message, Date.now())
                else
                    addNotice(to + " is not here.")
            })
        } else {
            client.emitEvent("chat message", line)
        }
        stopTyping()
    }

    property bool typing: false
    function startTyping() {
        if (!typing) {
            typing = true
            client.emitEvent("typing")
        }
        typingTimer.restart()
    }
    function stopTyping() {
        typingTimer.stop()
        if (typing) {
            typing = false
            client.emitEvent("stop typing")
        }
    }
    Timer { id: typingTimer; interval: 1500; onTriggered: view.stopTyping() }

    function setTyper(name, on) {
        const list = typers.filter(n => n !== name)
        if (on)
            list.push(name)
        typers = list
    }

    ListModel { id: messageModel }

    SocketIoClient {
        id: client
        url: view.serverUrl

        onConnectedChanged: {
            if (connected && view.nickname) // a reconnection: a new socket on the server
                view.setNickname(view.nickname)
            else if (connected && view.initialNickname && !view.nickname)
                view.setNickname(view.initialNickname)
        }
        onDisconnected: (reason) => view.addNotice("Disconnected (" + reason + ").")
        onConnectError: (message) => view.error = "Cannot connect: " + message

        onEventReceived: (event, args) => {
            const data = args[0] || {}
            switch (event) {
            case "chat message":
                view.setTyper(data.from, false)
                view.addMessage(data.from === view.nickname ? "mine" : "message", data.from, data.text, data.time)
                break
            case "private message":
                view.addMessage("private", data.from + " (private)", data.text, data.time)
                break
            case "user joined":
                view.addNotice(data.nickname + " joined #" + data.room + ".")
                break
            case "user left":
                view.setTyper(data.nickname, false)
                view.addNotice(data.nickname + " left #" + data.room + ".")
                break
            case "user renamed":
                view.addNotice(data.from + " is now " + data.to + ".")
                break
            case "typing":
                view.setTyper(data.nickname, true)
                break
            case "stop typing":
                view.setTyper(data.nickname, false)
                break
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: 12
        currentIndex: view.nickname ? 1 : 0

        // Page 1: the nickname.
        Item {
            ColumnLayout {
                anchors.centerIn: parent
                width: Math.min(parent.width, 320)
                spacing: 8
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: "What's your nickname?"
                    font.pixelSize: 20
                }
                TextField {
                    id: nicknameField
                    objectName: "nicknameField"
                    Layout.fillWidth: true
                    maximumLength: 20
                    placeholderText: "nickname"
                    text: view.initialNickname
                    onAccepted: view.setNickname(text)
                }
                Button {
                    objectName: "joinButton"
                    Layout.alignment: Qt.AlignHCenter
                    text: "Join"
                    enabled: client.connected && nicknameField.text.trim().length > 0
                    onClicked: view.setNickname(nicknameField.text)
                }
                Label {
                    objectName: "statusLabel"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    color: view.error ? "firebrick" : palette.placeholderText
                    text: view.error || (client.connected ? "Connected to " + client.url
                                                          : "Connecting to " + client.url + "…")
                }
            }
        }

        // Page 2: the room.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 6
            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "roomLabel"
                    text: "#" + view.room
                    font.bold: true
                    font.pixelSize: 18
                    Layout.fillWidth: true
                }
                Label {
                    text: client.connected ? view.nickname : "reconnecting…"
                    color: palette.placeholderText
                }
            }
            ListView {
                id: messageList
                objectName: "messageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: messageModel
                spacing: 2
                delegate: Label {
                    required property string kind
                    required property string from
                    required property string body
                    required property string time
                    width: ListView.view.width
                    wrapMode: Text.Wrap
                    textFormat: Text.PlainText
                    font.italic: kind === "notice" || kind === "private"
                    font.bold: kind === "mine"
                    color: kind === "notice" ? palette.placeholderText : palette.text
                    text: kind === "notice" ? time + "  " + body : time + "  " + from + ": " + body
                }
            }
            Label {
                objectName: "typingLabel"
                Layout.fillWidth: true
                color: palette.placeholderText
                text: view.typers.length === 1 ? view.typers[0] + " is typing…"
                    : view.typers.length === 2 ? view.typers[0] + " and " + view.typers[1] + " are typing…"
                    : view.typers.length > 2 ? "Several people are typing…" : ""
            }
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: messageField
                    objectName: "messageField"
                    Layout.fillWidth: true
                    placeholderText: "Message #" + view.room + ", or /join room, /msg nick text"
                    maximumLength: 2000
                    onTextEdited: text.length > 0 ? view.startTyping() : view.stopTyping()
                    onAccepted: sendButton.clicked()
                }
                Button {
                    id: sendButton
                    objectName: "sendButton"
                    text: "Send"
                    enabled: client.connected
                    onClicked: {
                        view.send(messageField.text)
                        messageField.clear()
                    }
                }
            }
        }
    }
}
