using System.Net;
using System.Net.Sockets;

namespace Crm.Storage.Postgres.Tests;

/// <summary>
/// A TCP proxy in front of the PostgreSQL server that counts round trips: each time a client sends after the server
/// answered (or first), that is one more request the client waited for. It sees what crosses the wire, whatever the
/// driver or the library do inside, so it counts prepares, resets and commits too.
/// </summary>
internal sealed class RoundTripProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private int _roundTrips;

    public RoundTripProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _pumps.Add(AcceptAsync());
    }

    /// <summary>Gets the port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets the round trips counted since the last <see cref="Reset"/>.</summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    public void Reset() => Interlocked.Exchange(ref _roundTrips, 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll(_pumps.ToArray());
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(_host, _port, _stop.Token);
            client.NoDelay = server.NoDelay = true;
            var link = new Link();
            lock (_pumps)
            {
                _pumps.Add(PumpAsync(client, server, link, fromClient: true));
                _pumps.Add(PumpAsync(server, client, link, fromClient: false));
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, Link link, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (fromClient)
                {
                    // A client's bytes after the server spoke (or its first ones) start a new request.
                    if (Interlocked.Exchange(ref link.LastFromClient, 1) == 0)
                    {
                        Interlocked.Increment(ref _roundTrips);
                    }
                }
                else
                {
                    Interlocked.Exchange(ref link.LastFromClient, 0);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private sealed class Link
    {
        public int LastFromClient;
    }
}
