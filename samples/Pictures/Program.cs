using Pictures;

// Usage: dotnet run --project samples/Pictures [output folder]   (default: the program's folder)
string folder = args.Length > 0 ? Path.GetFullPath(args[0]) : AppContext.BaseDirectory;
PictureMaker.Result result = PictureMaker.Write(folder);
Console.WriteLine($"Trained on 300 points of the seed's 2-feature, 3-class problem: {result.History.StopReason} after " +
    $"{result.History.EpochsRun} epochs, best epoch {result.History.BestEpoch}, accuracy on all points {result.TrainingAccuracy:F3}");
Console.WriteLine($"Wrote {result.LossPath}");
Console.WriteLine($"Wrote {result.RegionsPath}");
