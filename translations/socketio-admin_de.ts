<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>SocketIoAdmin::AdminActions</name>
    <message>
        <source>&amp;Emit event…</source>
        <translation>Ereignis &amp;senden…</translation>
    </message>
    <message>
        <source>&amp;Join room…</source>
        <translation>Raum &amp;beitreten…</translation>
    </message>
    <message>
        <source>&amp;Leave room</source>
        <translation>Raum &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Disconnect socket</source>
        <translation>Socket &amp;trennen</translation>
    </message>
    <message>
        <source>Disconnect &amp;client</source>
        <translation>&amp;Client trennen</translation>
    </message>
    <message>
        <source>Select a server first.</source>
        <translation>Wählen Sie zuerst einen Server.</translation>
    </message>
    <message>
        <source>Send an event to the socket, room or namespace</source>
        <translation>Ein Ereignis an den Socket, den Raum oder den Namespace senden</translation>
    </message>
    <message>
        <source>Select a namespace, room or socket.</source>
        <translation>Wählen Sie einen Namespace, einen Raum oder einen Socket.</translation>
    </message>
    <message>
        <source>Make the selected sockets join a room</source>
        <translation>Die ausgewählten Sockets einem Raum beitreten lassen</translation>
    </message>
    <message>
        <source>Make the selected sockets leave the selected room</source>
        <translation>Die ausgewählten Sockets den ausgewählten Raum verlassen lassen</translation>
    </message>
    <message>
        <source>Select a room.</source>
        <translation>Wählen Sie einen Raum.</translation>
    </message>
    <message>
        <source>Disconnect the selected socket</source>
        <translation>Den ausgewählten Socket trennen</translation>
    </message>
    <message>
        <source>Select a socket.</source>
        <translation>Wählen Sie einen Socket.</translation>
    </message>
    <message>
        <source>Close the whole connection of the selected socket&apos;s client</source>
        <translation>Die gesamte Verbindung des Clients des ausgewählten Sockets schließen</translation>
    </message>
    <message>
        <source>Sent &quot;%1&quot; to %2</source>
        <translation>„%1“ an %2 gesendet</translation>
    </message>
    <message>
        <source>Asked %1 to join %2</source>
        <translation>%1 wurde aufgefordert, %2 beizutreten</translation>
    </message>
    <message>
        <source>Clear room</source>
        <translation>Raum leeren</translation>
    </message>
    <message>
        <source>Make every socket of %1 leave the room &quot;%2&quot;?</source>
        <translation>Sollen alle Sockets von %1 den Raum „%2“ verlassen?</translation>
    </message>
    <message>
        <source>Asked %1 to leave %2</source>
        <translation>%1 wurde aufgefordert, %2 zu verlassen</translation>
    </message>
    <message>
        <source>Close the whole connection of the client of socket %1? Every socket of that client goes.</source>
        <translation>Die gesamte Verbindung des Clients von Socket %1 schließen? Alle Sockets dieses Clients werden getrennt.</translation>
    </message>
    <message>
        <source>Disconnect socket %1 from %2?</source>
        <translation>Socket %1 von %2 trennen?</translation>
    </message>
    <message>
        <source>Disconnect client</source>
        <translation>Client trennen</translation>
    </message>
    <message>
        <source>Disconnect socket</source>
        <translation>Socket trennen</translation>
    </message>
    <message>
        <source>Disconnecting %1</source>
        <translation>%1 wird getrennt</translation>
    </message>
    <message>
        <source>Join room</source>
        <translation>Raum beitreten</translation>
    </message>
    <message>
        <source>Room for %1 to join:</source>
        <translation>Raum, dem %1 beitreten soll:</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ConnectDialog</name>
    <message>
        <source>WebSocket only (no HTTP long-polling)</source>
        <translation>Nur WebSocket (kein HTTP-Long-Polling)</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>Mit einem Server verbinden</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>wird nicht gespeichert</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>Server-URL:</translation>
    </message>
    <message>
        <source>Admin namespace:</source>
        <translation>Admin-Namespace:</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// URL with a host.</source>
        <translation>Geben Sie eine http://- oder https://-URL mit Host ein.</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ConnectionDiagnosis</name>
    <message>
        <source>nothing listens on %1:%2 (connection refused)</source>
        <translation>auf %1:%2 lauscht nichts (Verbindung abgelehnt)</translation>
    </message>
    <message>
        <source>no such host: %1</source>
        <translation>unbekannter Host: %1</translation>
    </message>
    <message>
        <source>no answer from %1 (timed out)</source>
        <translation>keine Antwort von %1 (Zeitüberschreitung)</translation>
    </message>
    <message>
        <source>the server refused the request (HTTP %1): its origin (CORS) or allowRequest check</source>
        <translation>der Server hat die Anfrage abgelehnt (HTTP %1): seine Origin-Prüfung (CORS) oder seine allowRequest-Prüfung</translation>
    </message>
    <message>
        <source>the server answers at %1</source>
        <translation>der Server antwortet unter %1</translation>
    </message>
    <message>
        <source>the server answers at %1 (%2)</source>
        <translation>der Server antwortet unter %1 (%2)</translation>
    </message>
    <message>
        <source>no Socket.IO server at path %1 (HTTP %2)</source>
        <translation>kein Socket.IO-Server unter dem Pfad %1 (HTTP %2)</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::DashboardPanel</name>
    <message>
        <source>%1d %2h %3m</source>
        <translation>%1 d %2 h %3 min</translation>
    </message>
    <message>
        <source>%1h %2m %3s</source>
        <translation>%1 h %2 min %3 s</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Connected clients</source>
        <translation>Verbundene Clients</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Packets per second</source>
        <translation>Pakete pro Sekunde</translation>
    </message>
    <message>
        <source>in</source>
        <translation>eingehend</translation>
    </message>
    <message>
        <source>out</source>
        <translation>ausgehend</translation>
    </message>
    <message>
        <source>Bytes per second</source>
        <translation>Bytes pro Sekunde</translation>
    </message>
    <message>
        <source>Select a server to see its statistics.</source>
        <translation>Wählen Sie einen Server, um seine Statistiken zu sehen.</translation>
    </message>
    <message>
        <source>Waiting for server statistics (every 2 seconds)…</source>
        <translation>Warte auf Serverstatistiken (alle 2 Sekunden)…</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2 (pid %3): up %4, %n client(s) (%5 polling), %6</source>
        <translation>
            <numerusform>%1 auf %2 (PID %3): läuft seit %4, %n Client (davon %5 per Polling), %6</numerusform>
            <numerusform>%1 auf %2 (PID %3): läuft seit %4, %n Clients (davon %5 per Polling), %6</numerusform>
        </translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>in Ordnung</translation>
    </message>
    <message numerus="yes">
        <source>no news for %n s</source>
        <translation>
            <numerusform>seit %n s keine Meldung</numerusform>
            <numerusform>seit %n s keine Meldung</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EmitDialog</name>
    <message>
        <source>Room:</source>
        <translation>Raum:</translation>
    </message>
    <message>
        <source>Every socket of the namespace</source>
        <translation>Alle Sockets des Namespace</translation>
    </message>
    <message>
        <source>Emit event</source>
        <translation>Ereignis senden</translation>
    </message>
    <message>
        <source>event name</source>
        <translation>Ereignisname</translation>
    </message>
    <message>
        <source>[&quot;hello&quot;, {&quot;count&quot;: 1}]</source>
        <translation>[&quot;hello&quot;, {&quot;count&quot;: 1}]</translation>
    </message>
    <message>
        <source>room name</source>
        <translation>Raumname</translation>
    </message>
    <message>
        <source>Emit</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>Namespace:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Ereignis:</translation>
    </message>
    <message>
        <source>Arguments (JSON array):</source>
        <translation>Argumente (JSON-Array):</translation>
    </message>
    <message>
        <source>Socket (none selected)</source>
        <translation>Socket (keiner ausgewählt)</translation>
    </message>
    <message>
        <source>Socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>Kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>Name the event.</source>
        <translation>Geben Sie einen Ereignisnamen ein.</translation>
    </message>
    <message>
        <source>Name the room.</source>
        <translation>Geben Sie einen Raumnamen ein.</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EventLogModel</name>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>disconnection</source>
        <translation>Trennung</translation>
    </message>
    <message>
        <source>room joined</source>
        <translation>Raum betreten</translation>
    </message>
    <message>
        <source>room left</source>
        <translation>Raum verlassen</translation>
    </message>
    <message>
        <source>The event&apos;s name; the room for room changes; the reason for a disconnection; the transport for a connection</source>
        <translation>Der Name des Ereignisses; bei Raumwechseln der Raum; bei einer Trennung der Grund; bei einer Verbindung der Transport</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Event / room</source>
        <translation>Ereignis / Raum</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::EventLogPanel</name>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Hold new events until resumed</source>
        <translation>Neue Ereignisse bis zum Fortsetzen zurückhalten</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the log as a JSON file</source>
        <translation>Das Protokoll als JSON-Datei speichern</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>Filter: socket, event, room, arguments…</source>
        <translation>Filter: Socket, Ereignis, Raum, Argumente…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) held</source>
        <translation>
            <numerusform>%n Ereignis zurückgehalten</numerusform>
            <numerusform>%n Ereignisse zurückgehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the event log</source>
        <translation>Ereignisprotokoll exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::MainWindow</name>
    <message>
        <source>Socket.IO Admin</source>
        <translation>Socket.IO Admin</translation>
    </message>
    <message>
        <source>Show private rooms</source>
        <translation>Private Räume zeigen</translation>
    </message>
    <message>
        <source>Rooms named after a socket id: every socket&apos;s own room</source>
        <translation>Räume, die nach einer Socket-ID benannt sind: der eigene Raum jedes Sockets</translation>
    </message>
    <message>
        <source>Filter sockets: id, client, address, room…</source>
        <translation>Sockets filtern: ID, Client, Adresse, Raum…</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>Sockets</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Dis&amp;connect server</source>
        <translation>Server &amp;trennen</translation>
    </message>
    <message>
        <source>Re&amp;move server</source>
        <translation>Server &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>S&amp;ocket</source>
        <translation>S&amp;ocket</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>Ü&amp;ber</translation>
    </message>
    <message>
        <source>About Socket.IO Admin</source>
        <translation>Über Socket.IO Admin</translation>
    </message>
    <message>
        <source>Socket.IO Admin %1
Inspects servers instrumented with QtSocketIo&apos;s admin namespace or Node&apos;s @socket.io/admin-ui.</source>
        <translation>Socket.IO Admin %1
Untersucht Server, die mit dem Admin-Namespace von QtSocketIo oder mit @socket.io/admin-ui für Node instrumentiert sind.</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Not connected. File ▸ Connect… to add a server.</source>
        <translation>Nicht verbunden. Einen Server über Datei ▸ Verbinden… hinzufügen.</translation>
    </message>
    <message>
        <source>Select a server.</source>
        <translation>Wählen Sie einen Server.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>read-only: commands are disabled</source>
        <translation>schreibgeschützt: Befehle sind deaktiviert</translation>
    </message>
    <message>
        <source>production mode: no socket events, counts from server statistics</source>
        <translation>Produktionsmodus: keine Socket-Ereignisse, Zahlen aus den Serverstatistiken</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::Protocol</name>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ServerConnection</name>
    <message>
        <source>the server refused the username or password (invalid credentials)</source>
        <translation>der Server hat Benutzername oder Passwort abgelehnt (ungültige Anmeldedaten)</translation>
    </message>
    <message>
        <source>the server has no namespace %1: is it instrumented with the admin UI?</source>
        <translation>der Server hat keinen Namespace %1: Ist er mit der Admin-UI instrumentiert?</translation>
    </message>
    <message>
        <source>%1, but it refused the WebSocket connection</source>
        <translation>%1, hat aber die WebSocket-Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>%1, but the connection failed: %2</source>
        <translation>%1, aber die Verbindung ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the server closed the admin connection</source>
        <translation>der Server hat die Admin-Verbindung geschlossen</translation>
    </message>
    <message>
        <source>no admin events arrive: is %1 the admin namespace?</source>
        <translation>es kommen keine Admin-Ereignisse an: Ist %1 der Admin-Namespace?</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbinde erneut</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>falsches Passwort</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>refused by the server</source>
        <translation>vom Server abgelehnt</translation>
    </message>
    <message>
        <source>not instrumented</source>
        <translation>nicht instrumentiert</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not connected to %1 (%2).</source>
        <translation>Nicht mit %1 verbunden (%2).</translation>
    </message>
    <message>
        <source>Waiting for the configuration of %1.</source>
        <translation>Warte auf die Konfiguration von %1.</translation>
    </message>
    <message>
        <source>%1 is read-only: its admin instrumentation accepts no commands.</source>
        <translation>%1 ist schreibgeschützt: Seine Admin-Instrumentierung nimmt keine Befehle an.</translation>
    </message>
    <message>
        <source>%1 does not offer this command.</source>
        <translation>%1 bietet diesen Befehl nicht an.</translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::ServerTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Private room of socket %1</source>
        <translation>Privater Raum von Socket %1</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>Sockets</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::SocketDetailPane</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Select a socket to see its details.</source>
        <translation>Wählen Sie einen Socket, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
    <message>
        <source>Leave selected</source>
        <translation>Ausgewählten verlassen</translation>
    </message>
    <message>
        <source>room to join</source>
        <translation>Raum zum Beitreten</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Socket %1 has disconnected.</source>
        <translation>Socket %1 hat die Verbindung getrennt.</translation>
    </message>
    <message>
        <source>Socket %1</source>
        <translation>Socket %1</translation>
    </message>
    <message>
        <source>Namespace %1 · client %2 · %3 from %4
Connected since %5</source>
        <translation>Namespace %1 · Client %2 · %3 von %4
Verbunden seit %5</translation>
    </message>
    <message>
        <source>%1 (own room)</source>
        <translation>%1 (eigener Raum)</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::SocketsTableModel</name>
    <message>
        <source>Connected since</source>
        <translation>Verbunden seit</translation>
    </message>
    <message>
        <source>Socket id</source>
        <translation>Socket-ID</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
</context>
<context>
    <name>SocketIoAdmin::StatsHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Packets in/s</source>
        <translation>Pakete ein/s</translation>
    </message>
    <message>
        <source>Packets out/s</source>
        <translation>Pakete aus/s</translation>
    </message>
    <message>
        <source>Bytes in/s</source>
        <translation>Bytes ein/s</translation>
    </message>
    <message>
        <source>Bytes out/s</source>
        <translation>Bytes aus/s</translation>
    </message>
    <message>
        <source>Connections/s</source>
        <translation>Verbindungen/s</translation>
    </message>
    <message>
        <source>Disconnections/s</source>
        <translation>Trennungen/s</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Admin console for Socket.IO servers.</source>
        <translation>Admin-Konsole für Socket.IO-Server.</translation>
    </message>
    <message>
        <source>Servers to connect to, e.g. http://localhost:3000</source>
        <translation>Server, mit denen verbunden werden soll, z. B. http://localhost:3000</translation>
    </message>
    <message>
        <source>The admin namespace.</source>
        <translation>Der Admin-Namespace.</translation>
    </message>
    <message>
        <source>The Socket.IO path.</source>
        <translation>Der Socket.IO-Pfad.</translation>
    </message>
    <message>
        <source>The admin username.</source>
        <translation>Der Admin-Benutzername.</translation>
    </message>
    <message>
        <source>Connect with WebSocket only.</source>
        <translation>Nur über WebSocket verbinden.</translation>
    </message>
</context>
</TS>
