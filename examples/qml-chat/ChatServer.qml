// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// The chat server of examples/chat, in QML: the same events, so the browser
// page, the Qt Quick client and any Socket.IO client work with either.

import QtQuick
import SocketIo

SocketIoServer {
    id: io

    readonly property string lobby: "lobby"
    property var socketIdByNickname: ({}) // folded nickname -> socket id
    signal logged(string line)

    function fold(name) { return name.toLowerCase() }
    function validName(name, max) { return name.length > 0 && name.length <= max && !/[\x00-\x1f\x7f]/.test(name) }
    function field(socket, key) { return socket.data[key] || "" }
    function setField(socket, key, value) {
        const data = socket.data
        data[key] = value
        socket.data = data
    }
    function usersIn(room) {
        return io.in(room).fetchSockets().map(s => field(s, "nickname")).filter(n => n).sort()
    }

    function moveToRoom(socket, room) {
        const nickname = field(socket, "nickname")
        const previous = field(socket, "room")
        if (previous === room)
            return
        if (previous) {
            socket.leave(previous)
            socket.to(previous).emitEvent("user left", { nickname: nickname, room: previous })
        }
        socket.join(room)
        setField(socket, "room", room)
        socket.to(room).emitEvent("user joined", { nickname: nickname, room: room })
    }

    onConnection: (socket) => {
        socket.on("set nickname", (args, ack) => {
            const nickname = String(args[0] || "").trim()
            if (!ack)
                return
            if (!validName(nickname, 20))
                return ack({ ok: false, error: "invalid" })
            const owner = socketIdByNickname[fold(nickname)]
            if (owner && owner !== socket.id)
                return ack({ ok: false, error: "taken" })
            const previous = field(socket, "nickname")
            if (previous)
                delete socketIdByNickname[fold(previous)]
            socketIdByNickname[fold(nickname)] = socket.id
            setField(socket, "nickname", nickname)
            if (!field(socket, "room"))
                moveToRoom(socket, lobby)
            else if (previous !== nickname)
                io.to(field(socket, "room")).emitEvent("user renamed", { from: previous, to: nickname })
            io.logged(nickname + " is in #" + field(socket, "room"))
            ack({ ok: true, nickname: nickname, room: field(socket, "room") })
        })

        socket.on("join room", (args, ack) => {
            const room = String(args[0] || "").trim()
            if (!field(socket, "nickname") || !validName(room, 30) || room === socket.id) {
                if (ack) ack({ ok: false, error: "invalid" })
                return
            }
            moveToRoom(socket, room)
            if (ack) ack({ ok: true, room: room })
        })

        socket.on("leave room", (args, ack) => {
            if (field(socket, "nickname"))
                moveToRoom(socket, lobby)
            if (ack) ack({ ok: true, room: lobby })
        })

        socket.on("chat message", (args) => {
            const nickname = field(socket, "nickname")
            const text = String(args[0] || "").trim()
            if (!nickname || !text || text.length > 2000)
                return
            const room = field(socket, "room")
            io.to(room).emitEvent("chat message", { from: nickname, text: text, room: room, time: Date.now() })
        })

        socket.on("typing", () => {
            if (field(socket, "nickname"))
                socket.to(field(socket, "room")).emitEvent("typing", { nickname: field(socket, "nickname"), room: field(socket, "room") })
        })
        socket.on("stop typing", () => {
            if (field(socket, "nickname"))
                socket.to(field(socket, "room")).emitEvent("stop typing", { nickname: field(socket, "nickname"), room: field(socket, "room") })
        })

        socket.on("private message", (args, ack) => {
            const from = field(socket, "nickname")
            const message = args[0] || {}
            const target = socketIdByNickname[fold(String(message.to || ""))]
            const text = String(message.text || "").trim()
            if (!from || !target || !text) {
                if (ack) ack({ delivered: false })
                return
            }
            io.to(target).emitEvent("private message", { from: from, to: message.to, text: text, time: Date.now() })
            if (ack) ack({ delivered: true })
        })

        socket.on("users", (args, ack) => {
            const room = args.length > 0 && typeof args[0] === "string" ? args[0] : field(socket, "room")
            if (ack) ack({ room: room, users: usersIn(room) })
        })

        socket.disconnecting.connect((reason) => {
            const nickname = field(socket, "nickname")
            if (!nickname)
                return
            if (socketIdByNickname[fold(nickname)] === socket.id)
                delete socketIdByNickname[fold(nickname)]
            const room = field(socket, "room")
            socket.to(room).emitEvent("stop typing", { nickname: nickname, room: room })
            socket.to(room).emitEvent("user left", { nickname: nickname, room: room })
            io.logged(nickname + " left (" + reason + ")")
        })
    }
}
