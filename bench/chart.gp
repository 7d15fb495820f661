# The chart of bench/run: four panels in one PNG. bench/run writes the data files and passes
# their names with -e:
#   out, title                  output PNG, overall title
#   ratios, nratios, rmax       "label measured target" rows: how many times ours beats the reference;
#                               rmax, the largest number in them
#   fanout, nfanout, cfanout    "x <server>..." rows: delivered/s per rate (cfanout server columns)
#   fanout_size                 payload bytes of that fan-out series
#   roomchat, nroomchat, croomchat   p95 (ms) per client count
#   idle, nidle, cidle          RSS per connection (KiB) per client count
# A count of 0 draws an empty panel that says so.

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1500,1000 font "DejaVu Sans,10" noenhanced
} else {
    set terminal png size 1500,1000 noenhanced
}
set output out
set datafile missing "NaN"
set style data linespoints
set grid ytics lc rgb "#dddddd"
set key top left noenhanced
set multiplot layout 2,2 title title font ",13"

# An empty panel.
nodata(what) = sprintf("no data: %s", what)

# 1. Ours against the reference, as "times better" (1 = same), with each target.
set title "Ours vs reference: times better (higher is better)"
if (nratios > 0) {
    set style histogram clustered gap 1
    set style fill solid 0.85 border -1
    set boxwidth 0.9
    set xtics rotate by -30 scale 0 font ",9"
    set xrange [-0.6:nratios-0.4]
    set yrange [0:rmax*1.25]
    set ylabel "×"
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb "#444444"
    plot ratios using 2:xtic(1) with histograms lc rgb "#2c7fb8" title "measured", \
         "" using 3 with histograms lc rgb "#bbbbbb" title "target"
    unset arrow 1
} else {
    unset xtics; unset ytics; unset border
    set label 1 nodata("ratios") at graph 0.5, 0.5 center
    plot [0:1][0:1] -1 notitle
    unset label 1
    set xtics; set ytics; set border
}
set xtics norotate font ",10"
set xrange [*:*]
set yrange [*:*]
unset ylabel
set style fill empty

# 2. Fan-out: delivered messages/s against the offered rate.
set title sprintf("Fan-out (%d B): delivered/s vs broadcast rate", fanout_size)
if (nfanout > 0) {
    set logscale x
    set logscale y
    set xlabel "bcast messages/s"
    set ylabel "messages delivered/s"
    plot for [i=2:cfanout+1] fanout using 1:i title columnhead(i) lw 2 pt 7
    unset logscale x
    unset logscale y
} else {
    unset xtics; unset ytics; unset border
    set label 1 nodata("fanout") at graph 0.5, 0.5 center
    plot [0:1][0:1] -1 notitle
    unset label 1
    set xtics; set ytics; set border
}
unset xlabel
unset ylabel

# 3. Room chat: p95 delivery latency against the clients, with the 20 ms line.
set title "Room chat (rooms of 6, every 200 ms): p95 latency"
if (nroomchat > 0) {
    set logscale y
    set xlabel "clients"
    set ylabel "p95 (ms)"
    plot for [i=2:croomchat+1] roomchat using 1:i title columnhead(i) lw 2 pt 7, \
         20 with lines dt 2 lc rgb "#aa0000" title "20 ms"
    unset logscale y
} else {
    unset xtics; unset ytics; unset border
    set label 1 nodata("roomchat") at graph 0.5, 0.5 center
    plot [0:1][0:1] -1 notitle
    unset label 1
    set xtics; set ytics; set border
}
unset xlabel
unset ylabel

# 4. Idle: server memory per connection.
set title "Idle: server RSS per connection"
if (nidle > 0) {
    set xlabel "clients"
    set ylabel "KiB per connection"
    set yrange [0:*]
    plot for [i=2:cidle+1] idle using 1:i title columnhead(i) lw 2 pt 7
} else {
    unset xtics; unset ytics; unset border
    set label 1 nodata("idle") at graph 0.5, 0.5 center
    plot [0:1][0:1] -1 notitle
    unset label 1
}

unset multiplot
set output
