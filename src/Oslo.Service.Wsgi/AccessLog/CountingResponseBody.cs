using System.IO.Pipelines;

using Microsoft.AspNetCore.Http.Features;

namespace Oslo.Service.Wsgi.AccessLog;

/// <summary>
/// Counts the response body bytes (eventlet's <c>body_length</c>) while passing every write straight to Kestrel's
/// own body feature, so the fast <see cref="PipeWriter"/> path is kept.
/// </summary>
internal sealed class CountingResponseBody : PipeWriter, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private Stream? _stream;

    public CountingResponseBody(IHttpResponseBodyFeature inner) => _inner = inner;

    public long Count { get; private set; }

    public Stream Stream => _stream ??= AsStream();

    public PipeWriter Writer => this;

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await _inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        Count += count ?? (new FileInfo(path).Length - offset);
    }

    public Task CompleteAsync() => _inner.CompleteAsync();

    public override void Advance(int bytes)
    {
        Count += bytes;
        _inner.Writer.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _inner.Writer.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _inner.Writer.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        Count += source.Length;
        return _inner.Writer.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => _inner.Writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Writer.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.Writer.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => _inner.Writer.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.Writer.UnflushedBytes;
}
