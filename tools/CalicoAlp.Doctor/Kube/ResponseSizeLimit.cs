namespace CalicoAlp.Doctor.Kube;

/// <summary>
/// Stops reading an answer past a size, however the client reads it (the object, or an error's
/// body). By hand because neither HttpClient nor the Kubernetes client bounds a streamed body.
/// </summary>
internal sealed class ResponseSizeLimit(long limit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var original = response.Content;
        if (original.Headers.ContentLength > limit)
        {
            response.Dispose();
            throw new InvalidDataException(TooLarge(request));
        }

        var bounded = new StreamContent(new BoundedStream(await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), limit, TooLarge(request)));
        foreach (var (name, values) in original.Headers)
        {
            bounded.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = bounded;
        return response;
    }

    private string TooLarge(HttpRequestMessage request) => $"the answer to GET {request.RequestUri?.PathAndQuery} is larger than {limit} bytes";

    /// <summary>A read-only stream that fails once more than the limit has been read from it.</summary>
    private sealed class BoundedStream(Stream inner, long limit, string message) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            return _read > limit ? throw new InvalidDataException(message) : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
