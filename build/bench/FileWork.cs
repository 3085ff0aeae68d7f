// The file-work reference for build/bench.sh (not part of the solution): what any program must do
// to put a render on disk all at once, and nothing else. It reads a listing made from a real render
// (one "relative/path<TAB>size" line per file, the marker included) and makes the same folders and
// files of the same sizes in a fresh folder beside TARGET, then swaps it in as alp render does; an
// earlier folder at TARGET is moved aside and deleted. It writes every file anew (alp links the
// ones an earlier render already holds), so it is the ceiling of a replace's file work, not its floor.
// Published Native AOT like the empty reference app, its start-up is theirs; the difference between
// the two is what the file system charges for this render, at that moment.
//   file-work LISTING TARGET
if (args is not [var listing, var target])
{
    Console.Error.WriteLine("usage: file-work LISTING TARGET");
    return 1;
}

// No LINQ, no culture, no text decoding: the reference must cost nothing beyond its file work.
var files = new List<(string Path, int Size)>();
var folders = new List<string>();
var maxSize = 0;
foreach (var line in File.ReadAllText(listing).Split('\n', StringSplitOptions.RemoveEmptyEntries))
{
    var tab = line.IndexOf('\t');
    var size = 0;
    foreach (var digit in line.AsSpan(tab + 1))
    {
        size = (size * 10) + (digit - '0');
    }

    var path = line[..tab];
    files.Add((path, size));
    maxSize = Math.Max(maxSize, size);
    var slash = path.LastIndexOf('/');
    if (slash > 0 && !folders.Contains(path[..slash]))
    {
        folders.Add(path[..slash]);
    }
}

var content = new byte[maxSize];
Array.Fill(content, (byte)'x');
target = Path.GetFullPath(target);
var parent = Path.GetDirectoryName(target)!;
var name = Path.GetFileName(target);
var staging = Path.Combine(parent, $".{name}.ref-new-{Guid.NewGuid():N}");
var retired = Path.Combine(parent, $".{name}.ref-old-{Guid.NewGuid():N}");
Directory.CreateDirectory(staging);
foreach (var folder in folders)
{
    Directory.CreateDirectory(Path.Combine(staging, folder));
}

foreach (var (path, size) in files)
{
    using var handle = File.OpenHandle(Path.Combine(staging, path), FileMode.CreateNew, FileAccess.Write);
    RandomAccess.Write(handle, content.AsSpan(0, size), 0);
}

if (Directory.Exists(target))
{
    Directory.Move(target, retired);
}

Directory.Move(staging, target);
if (Directory.Exists(retired))
{
    Directory.Delete(retired, recursive: true);
}

return 0;
