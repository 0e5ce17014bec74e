#!/usr/bin/env bash
# Regenerates the example project's media (assets/examples/demo/media) from FFmpeg's own test
# sources and espeak-ng, so every byte of it is generated here and free to ship. The outputs are
# committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/../assets/examples/demo/media"
ff() { ffmpeg -hide_banner -nostdin -v error -y "$@"; }

# Stills: 1200×1600, enough detail to look like photos to an encoder, small as JPEG.
ff -f lavfi -i "mandelbrot=s=1200x1600:start_scale=0.6:end_pts=1:inner=convergence" -frames:v 1 -q:v 4 still-1.jpg
ff -f lavfi -i "gradients=s=1200x1600:c0=0x1b2a6b:c1=0xff6f61:c2=0xffd166:nb_colors=3:x0=0:y0=0:x1=1200:y1=1600,format=rgb24" -frames:v 1 -q:v 4 still-2.jpg
ff -f lavfi -i "cellauto=s=300x400:rule=110:random_fill_ratio=0.5,scale=1200:1600:flags=neighbor,format=yuv420p,hue=h=200:s=3,eq=brightness=0.05" -frames:v 1 -q:v 4 still-3.jpg
ff -f lavfi -i "mandelbrot=s=1600x1200:start_x=-0.745:start_y=0.11:start_scale=0.02:end_pts=1" -frames:v 1 -q:v 4 still-4.jpg
ff -f lavfi -i "gradients=s=1200x1600:c0=0x0f3d3e:c1=0x7fd1ae:nb_colors=2:x0=600:y0=0:x1=600:y1=1600,geq=lum='lum(X,Y)+12*sin(X/23)*sin(Y/31)':cb='cb(X,Y)':cr='cr(X,Y)'" -frames:v 1 -q:v 4 still-5.jpg

# A 1080p clip with sound, 4 s.
ff -f lavfi -i "testsrc2=s=1920x1080:r=30:d=4,hue=s=0.6" -f lavfi -i "sine=f=330:d=4" \
   -c:v libx264 -preset veryfast -crf 30 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest clip.mp4

# A quiet music bed: a slow chord with tremolo, 24 s, looped by the render.
ff -f lavfi -i "aevalsrc='0.18*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.25*t))+0.14*sin(2*PI*277.18*t)+0.12*sin(2*PI*329.63*t)*(0.6+0.4*sin(2*PI*0.5*t))|0.18*sin(2*PI*220*t)+0.14*sin(2*PI*277.18*t)*(0.6+0.4*sin(2*PI*0.33*t))+0.12*sin(2*PI*329.63*t)':s=48000:d=24" \
   -af "lowpass=f=2000,afade=t=in:d=0.5" -c:a aac -b:a 96k music.m4a

# Narration, one file per scene, spoken by espeak-ng.
i=0
while IFS= read -r line; do
  i=$((i + 1))
  espeak-ng -v en-us -s 165 -w "narration-$i.wav" "$line"
  ff -i "narration-$i.wav" -c:a aac -b:a 64k -ac 1 "narration-$i.m4a"
  rm "narration-$i.wav"
done <<'LINES'
Welcome to Reelforge. Scripts become videos, right on your computer.
Every scene gets a slow, steady zoom.
Stills can pan, too, from one side to the other.
Video clips are trimmed and fitted to the frame.
Colour cards carry your words between scenes.
Wide pictures sit on a soft, blurred background.
No cloud, no uploads. Make your next video today.
LINES
ls -la
