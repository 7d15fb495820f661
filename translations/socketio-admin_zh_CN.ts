<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SocketIoAdmin::AdminActions</name>
    <message>
        <source>&amp;Emit event…</source>
        <translation>发送事件(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Join room…</source>
        <translation>加入房间(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Leave room</source>
        <translation>离开房间(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Disconnect socket</source>
        <translation>断开 Socket(&amp;D)</translation>
    </message>
    <message>
        <source>Disconnect &amp;client</source>
        <translation>断开客户端(&amp;C)</translation>
    </message>
    <message>
        <source>Select a server first.</source>
        <translation>请先选择服务器。</translation>
    </message>
    <message>
        <source>Send an event to the socket, room or namespace</source>
        <translation>向 Socket、房间或命名空间发送事件</translation>
    </message>
    <message>
        <source>Select a namespace, room or socket.</source>
        <translation>请选择命名空间、房间或 Socket。</translation>
    </message>
    <message>
        <source>Make the selected sockets join a room</source>
        <translation>让所选 Socket 加入房间</translation>
    </message>
    <message>
        <source>Make the selected sockets leave the selected room</source>
        <translation>让所选 Socket 离开所选房间</translation>
    </message>
    <message>
        <source>Select a room.</source>
        <translation>请选择房间。</translation>
    </message>
    <message>
        <source>Disconnect the selected socket</source>
        <translation>断开所选 Socket</translation>
    </message>
    <message>
        <source>Select a socket.</source>
        <translation>请选择 Socket。</translation>
    </message>
    <message>
        <source>Close the whole connection of the selected socket&apos;s client</source>
        <translation>关闭所选 Socket 所属客户端的整个连接</translation>
    </message>
    <message>
        <source>Sent &quot;%1&quot; to %2</source>
        <translation>已向 %2 发送“%1”</translation>
    </message>
    <message>
        <source>Asked %1 to join %2</source>
        <translation>已请求 %1 加入 %2</translation>
    </message>
    <message>
        <source>Clear room</source>
        <translation>清空房间</translation>
    </message>
    <message>
        <source>Make every socket of %1 leave the room &quot;%2&quot;?</source>
        <translation>让 %1 中的所有 Socket 离开房间“%2”？</translation>
    </message>
    <message>
        <source>Asked %1 to leave %2</source>
        <translation>已请求 %1 离开 %2</translation>
    </message>
    <message>
        <source>Close the whole connection of the client of socket %1? Every socket of that client goes.</source>
        <translation>关闭 Socket %1 所属客户端的整个连接？该客户端的所有 Socket 都将断开。</translation>
    </message>
    <message>
        <source>Disconnect socket %1 from %2?</source>
        <translation>断开 Socket %1 与 %2 的连接？</translation>
    </message>
    <message>
        <source>Disconnect client</source>
        <translation>断开客户端</translation>
    </message>
    <message>
        <source>Disconnect socket</source>
        <translation>断开 Socket</translation>
    </message>
    <message>
        <source>Disconnecting %1</source>
        <translation>正在断开 %1</translation>
    </message>
    <message>
        <source>Join room</source>
        <translation>加入房间</translation>
    </message>
    <message>
        <source>Room for %1 to join:</source>
        <translation>%1 要加入的房间：</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ConnectDialog</name>
    <message>
        <source>WebSocket only (no HTTP long-polling)</source>
        <translation>仅 WebSocket（不使用 HTTP 长轮询）</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>连接到服务器</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>服务器 URL：</translation>
    </message>
    <message>
        <source>Admin namespace:</source>
        <translation>管理命名空间：</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// URL with a host.</source>
        <translation>请输入包含主机名的 http:// 或 https:// URL。</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ConnectionDiagnosis</name>
    <message>
        <source>nothing listens on %1:%2 (connection refused)</source>
        <translation>%1:%2 上没有服务在监听（连接被拒绝）</translation>
    </message>
    <message>
        <source>no such host: %1</source>
        <translation>找不到主机：%1</translation>
    </message>
    <message>
        <source>no answer from %1 (timed out)</source>
        <translation>%1 没有响应（超时）</translation>
    </message>
    <message>
        <source>the server refused the request (HTTP %1): its origin (CORS) or allowRequest check</source>
        <translation>服务器拒绝了请求（HTTP %1）：原因是其来源（CORS）检查或 allowRequest 检查</translation>
    </message>
    <message>
        <source>the server answers at %1</source>
        <translation>服务器在 %1 处有响应</translation>
    </message>
    <message>
        <source>the server answers at %1 (%2)</source>
        <translation>服务器在 %1 处有响应（%2）</translation>
    </message>
    <message>
        <source>no Socket.IO server at path %1 (HTTP %2)</source>
        <translation>路径 %1 上没有 Socket.IO 服务器（HTTP %2）</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::DashboardPanel</name>
    <message>
        <source>%1d %2h %3m</source>
        <translation>%1 天 %2 小时 %3 分钟</translation>
    </message>
    <message>
        <source>%1h %2m %3s</source>
        <translation>%1 小时 %2 分钟 %3 秒</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 分钟 %2 秒</translation>
    </message>
    <message>
        <source>Connected clients</source>
        <translation>已连接的客户端</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Packets per second</source>
        <translation>每秒数据包</translation>
    </message>
    <message>
        <source>in</source>
        <translation>入站</translation>
    </message>
    <message>
        <source>out</source>
        <translation>出站</translation>
    </message>
    <message>
        <source>Bytes per second</source>
        <translation>每秒字节数</translation>
    </message>
    <message>
        <source>Select a server to see its statistics.</source>
        <translation>选择一个服务器以查看其统计信息。</translation>
    </message>
    <message>
        <source>Waiting for server statistics (every 2 seconds)…</source>
        <translation>正在等待服务器统计信息（每 2 秒一次）…</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2 (pid %3): up %4, %n client(s) (%5 polling), %6</source>
        <translation>
            <numerusform>%2 上的 %1（PID %3）：已运行 %4，%n 个客户端（其中 %5 个使用轮询），%6</numerusform>
        </translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message numerus="yes">
        <source>no news for %n s</source>
        <translation>
            <numerusform>%n 秒无更新</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EmitDialog</name>
    <message>
        <source>Room:</source>
        <translation>房间：</translation>
    </message>
    <message>
        <source>Every socket of the namespace</source>
        <translation>命名空间中的所有 Socket</translation>
    </message>
    <message>
        <source>Emit event</source>
        <translation>发送事件</translation>
    </message>
    <message>
        <source>event name</source>
        <translation>事件名称</translation>
    </message>
    <message>
        <source>[&quot;hello&quot;, {&quot;count&quot;: 1}]</source>
        <translation>[&quot;hello&quot;, {&quot;count&quot;: 1}]</translation>
    </message>
    <message>
        <source>room name</source>
        <translation>房间名称</translation>
    </message>
    <message>
        <source>Emit</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>命名空间：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>发送给：</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>Arguments (JSON array):</source>
        <translation>参数（JSON 数组）：</translation>
    </message>
    <message>
        <source>Socket (none selected)</source>
        <translation>Socket（未选择）</translation>
    </message>
    <message>
        <source>Socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>无效的 JSON：%1</translation>
    </message>
    <message>
        <source>Name the event.</source>
        <translation>请输入事件名称。</translation>
    </message>
    <message>
        <source>Name the room.</source>
        <translation>请输入房间名称。</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EventLogModel</name>
    <message>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>disconnection</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>room joined</source>
        <translation>加入房间</translation>
    </message>
    <message>
        <source>room left</source>
        <translation>离开房间</translation>
    </message>
    <message>
        <source>The event&apos;s name; the room for room changes; the reason for a disconnection; the transport for a connection</source>
        <translation>事件名称；房间变更时为房间；断开连接时为原因；建立连接时为传输方式</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Event / room</source>
        <translation>事件 / 房间</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EventLogPanel</name>
    <message>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold new events until resumed</source>
        <translation>暂存新事件，直到继续</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the log as a JSON file</source>
        <translation>将日志保存为 JSON 文件</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Filter: socket, event, room, arguments…</source>
        <translation>筛选：Socket、事件、房间、参数…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) held</source>
        <translation>
            <numerusform>已暂存 %n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the event log</source>
        <translation>导出事件日志</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::MainWindow</name>
    <message>
        <source>Socket.IO Admin</source>
        <translation>Socket.IO 管理</translation>
    </message>
    <message>
        <source>Show private rooms</source>
        <translation>显示私有房间</translation>
    </message>
    <message>
        <source>Rooms named after a socket id: every socket&apos;s own room</source>
        <translation>以 Socket ID 命名的房间：即每个 Socket 自己的房间</translation>
    </message>
    <message>
        <source>Filter sockets: id, client, address, room…</source>
        <translation>筛选 Socket：ID、客户端、地址、房间…</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>Dis&amp;connect server</source>
        <translation>断开服务器(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;move server</source>
        <translation>移除服务器(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ocket</source>
        <translation>Socket(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About Socket.IO Admin</source>
        <translation>关于 Socket.IO 管理</translation>
    </message>
    <message>
        <source>Socket.IO Admin %1
Inspects servers instrumented with QtSocketIo&apos;s admin namespace or Node&apos;s @socket.io/admin-ui.</source>
        <translation>Socket.IO 管理 %1
用于检查接入了 QtSocketIo 管理命名空间或 Node 的 @socket.io/admin-ui 的服务器。</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Not connected. File ▸ Connect… to add a server.</source>
        <translation>未连接。通过“文件 ▸ 连接…”添加服务器。</translation>
    </message>
    <message>
        <source>Select a server.</source>
        <translation>请选择服务器。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>read-only: commands are disabled</source>
        <translation>只读：命令已禁用</translation>
    </message>
    <message>
        <source>production mode: no socket events, counts from server statistics</source>
        <translation>生产模式：无 Socket 事件，计数来自服务器统计信息</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::Protocol</name>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>第 %1 行，第 %2 列：%3</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ServerConnection</name>
    <message>
        <source>the server refused the username or password (invalid credentials)</source>
        <translation>服务器拒绝了用户名或密码（凭据无效）</translation>
    </message>
    <message>
        <source>the server has no namespace %1: is it instrumented with the admin UI?</source>
        <translation>服务器上没有命名空间 %1：它是否已接入 Admin UI？</translation>
    </message>
    <message>
        <source>%1, but it refused the WebSocket connection</source>
        <translation>%1，但它拒绝了 WebSocket 连接</translation>
    </message>
    <message>
        <source>%1, but the connection failed: %2</source>
        <translation>%1，但连接失败：%2</translation>
    </message>
    <message>
        <source>the server closed the admin connection</source>
        <translation>服务器关闭了管理连接</translation>
    </message>
    <message>
        <source>no admin events arrive: is %1 the admin namespace?</source>
        <translation>未收到任何管理事件：%1 是管理命名空间吗？</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>正在重新连接</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>refused by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>not instrumented</source>
        <translation>未启用管理</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Not connected to %1 (%2).</source>
        <translation>未连接到 %1（%2）。</translation>
    </message>
    <message>
        <source>Waiting for the configuration of %1.</source>
        <translation>正在等待 %1 的配置。</translation>
    </message>
    <message>
        <source>%1 is read-only: its admin instrumentation accepts no commands.</source>
        <translation>%1 为只读：其管理接口不接受任何命令。</translation>
    </message>
    <message>
        <source>%1 does not offer this command.</source>
        <translation>%1 不提供此命令。</translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ServerTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Private room of socket %1</source>
        <translation>Socket %1 的私有房间</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>Socket</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::SocketDetailPane</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Select a socket to see its details.</source>
        <translation>选择一个 Socket 以查看详细信息。</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Leave selected</source>
        <translation>离开所选</translation>
    </message>
    <message>
        <source>room to join</source>
        <translation>要加入的房间</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询参数</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Socket %1 has disconnected.</source>
        <translation>Socket %1 已断开连接。</translation>
    </message>
    <message>
        <source>Socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>Namespace %1 · client %2 · %3 from %4
Connected since %5</source>
        <translation>命名空间 %1 · 客户端 %2 · %3，来自 %4
连接时间：%5</translation>
    </message>
    <message>
        <source>%1 (own room)</source>
        <translation>%1（自己的房间）</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::SocketsTableModel</name>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Socket id</source>
        <translation>Socket ID</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::StatsHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Packets in/s</source>
        <translation>入站数据包/秒</translation>
    </message>
    <message>
        <source>Packets out/s</source>
        <translation>出站数据包/秒</translation>
    </message>
    <message>
        <source>Bytes in/s</source>
        <translation>入站字节/秒</translation>
    </message>
    <message>
        <source>Bytes out/s</source>
        <translation>出站字节/秒</translation>
    </message>
    <message>
        <source>Connections/s</source>
        <translation>连接数/秒</translation>
    </message>
    <message>
        <source>Disconnections/s</source>
        <translation>断开数/秒</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Admin console for Socket.IO servers.</source>
        <translation>Socket.IO 服务器管理控制台。</translation>
    </message>
    <message>
        <source>Servers to connect to, e.g. http://localhost:3000</source>
        <translation>要连接的服务器，例如 http://localhost:3000</translation>
    </message>
    <message>
        <source>The admin namespace.</source>
        <translation>管理命名空间。</translation>
    </message>
    <message>
        <source>The Socket.IO path.</source>
        <translation>Socket.IO 路径。</translation>
    </message>
    <message>
        <source>The admin username.</source>
        <translation>管理用户名。</translation>
    </message>
    <message>
        <source>Connect with WebSocket only.</source>
        <translation>仅使用 WebSocket 连接。</translation>
    </message>
</context>
</TS>
