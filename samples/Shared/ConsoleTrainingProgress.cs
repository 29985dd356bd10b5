using System.Globalization;
using MlNetTwoLayer;

namespace Samples.Shared;

/// <summary>
/// Sample code, not part of the library (ML.NET trainers report through <c>MLContext.Log</c>; this
/// is one way an app can show <see cref="TrainingProgress"/>). Linked into the samples that use it.
/// Shows training progress on a console: epoch, training loss, validation loss and accuracy (when
/// there is validation data) and elapsed time. On an interactive console one line is rewritten in
/// place with a carriage return; when output is redirected (a file, a pipe, a CI log) every report
/// is a line of its own.
/// </summary>
/// <remarks>
/// Give it to <see cref="TwoLayerOptionsBase.Progress"/>. In place mode leaves the cursor at the
/// end of the line; call <see cref="Complete"/> after <c>Fit</c> to end it before writing more.
/// </remarks>
/// <example>
/// <code>
/// var options = new TwoLayerTrainer.Options { ValidationFraction = 0.1, Progress = new ConsoleTrainingProgress() };
/// </code>
/// Runnable: <c>dotnet run --project samples/Digits</c>.
/// </example>
public sealed class ConsoleTrainingProgress : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();
    private int _pendingLength;

    /// <summary>
    /// Writes to <see cref="Console.Out"/>, in place unless <see cref="Console.IsOutputRedirected"/>.
    /// </summary>
    /// <param name="every">Report every this many epochs (the first epoch and the last of <c>NumberOfEpochs</c> are always reported); at least 1.</param>
    public ConsoleTrainingProgress(int every = 1)
        : this(Console.Out, inPlace: !Console.IsOutputRedirected, every)
    {
    }

    /// <summary>Writes to <paramref name="writer"/>; for tests, logs and custom consoles.</summary>
    /// <param name="writer">Where the reports go.</param>
    /// <param name="inPlace">True to rewrite one line with a carriage return; false for one line per report.</param>
    /// <param name="every">Report every this many epochs (the first epoch and the last of <c>NumberOfEpochs</c> are always reported); at least 1.</param>
    public ConsoleTrainingProgress(TextWriter writer, bool inPlace, int every = 1)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (every < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(every), every, "Report every 1 or more epochs.");
        }
        _writer = writer;
        InPlace = inPlace;
        Every = every;
    }

    /// <summary>True when one line is rewritten in place; false when each report is its own line.</summary>
    public bool InPlace { get; }

    /// <summary>Reports every this many epochs.</summary>
    public int Every { get; }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (value.Epoch != 1 && value.Epoch % Every != 0 && value.Epoch != value.NumberOfEpochs)
        {
            return;
        }
        string line = Format(value);
        lock (_gate)
        {
            if (InPlace)
            {
                // Pad over the previous text so a shorter line leaves nothing of the longer one behind.
                _writer.Write('\r' + line.PadRight(_pendingLength));
                _pendingLength = line.Length;
            }
            else
            {
                _writer.WriteLine(line);
            }
            _writer.Flush();
        }
    }

    /// <summary>Ends the in-place line, if one is showing, so later output starts on a new line.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_pendingLength > 0)
            {
                _writer.WriteLine();
                _writer.Flush();
                _pendingLength = 0;
            }
        }
    }

    /// <summary>One report as text, for example <c>epoch  12/200  loss 0.1234  val-loss 0.1500  val-acc 0.9650  00:01.2</c>.</summary>
    public static string Format(TrainingProgress value)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        int width = value.NumberOfEpochs.ToString(c).Length;
        string text = string.Create(c, $"epoch {value.Epoch.ToString(c).PadLeft(width)}/{value.NumberOfEpochs}  loss {value.TrainingLoss:F4}");
        if (value.ValidationLoss is double validationLoss)
        {
            text += string.Create(c, $"  val-loss {validationLoss:F4}");
        }
        if (value.ValidationAccuracy is double validationAccuracy)
        {
            text += string.Create(c, $"  val-acc {validationAccuracy:F4}");
        }
        TimeSpan e = value.Elapsed;
        return text + string.Create(c, $"  {(int)e.TotalMinutes:00}:{e.Seconds:00}.{e.Milliseconds / 100}");
    }
}
