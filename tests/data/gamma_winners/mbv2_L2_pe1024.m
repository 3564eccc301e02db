Network 0 {
Layer DSCONV {
Type: DSCONV
Dimensions { K: 1, C: 32, Y: 112, X: 112, R: 3, S: 3 }
Dataflow {
TemporalMap(112,112) X';
SpatialMap(3,3) C;
TemporalMap(3,3) R;
TemporalMap(111,111) Y';
TemporalMap(3,3) S;
Cluster(3,P);
TemporalMap(1,1) X';
TemporalMap(1,1) Y';
TemporalMap(3,3) S;
SpatialMap(1,1) C;
TemporalMap(3,3) R;
}
}
}